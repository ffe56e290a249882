import type { AfterJobBook } from '../../ports/owner-text-queue';
import type { SendReservations } from '../../ports/business-ledger';
import type { ExchangeReader, ExchangeSnapshot } from '../../ports/exchange-reader';
import type { Inbox, InboundMessage } from '../../ports/inbox';
import type { CallSettingsStore } from '../../ports/call-settings-store';
import type { TextJobs } from '../../ports/job-book';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { TextBackRules } from '../calls/text-back-policy';
import { retrySafely } from '../common/retry-safely';
import type { E164 } from '../numbers/phone-number';
import type { LimitedSendDeps } from '../sending/send-limits';
import type { EmergencyDeps } from '../emergency/answer-emergency';
import type { SettleDeps } from '../sending/settle-delivery';
import type { PublishJobEventDeps } from '../crm/job-event';

/** An inbound SMS as the webhook received it. */
export interface IncomingSms {
  messageSid: string;
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
}

export type InboundSmsOutcome =
  | 'job-message-handled'
  | 'owner-message-handled'
  | 'onboarding-message-handled'
  | 'opted-out'
  | 'opted-in'
  | 'help-sent'
  | 'help-limited'
  | 'loop-blocked'
  | 'duplicate'
  | 'daily-cap-reached'
  | 'system-number-ignored'
  | 'quarantined-number-ignored'
  | 'operational-without-client'
  | 'unreplyable-sender';

/** What every flow below the SMS router receives: the message, who sent it, and what was read about the exchange. */
export interface InboundContext {
  message: InboundMessage;
  business: E164;
  sender: E164;
  snapshot: ExchangeSnapshot;
}

/** What the flows on a business number (customer texts, owner replies) use. */
export interface BusinessMessageDeps
  extends LimitedSendDeps,
    SettleDeps,
    Omit<EmergencyDeps, 'ledger'>,
    Pick<PublishJobEventDeps, 'jobEvents'> {
  exchanges: ExchangeReader;
  ledger: SendReservations;
  inbox: Inbox;
  jobs: TextJobs;
  rules: TextBackRules;
  /** Issue 12: `RING ON/OFF` and `HOURS …` from the owner. */
  callSettings: CallSettingsStore;
  /** Issue 19: DONE's week figure and review request, DIGEST ON's first digest. */
  afterJob: AfterJobBook;
}

/**
 * Runs a step that comes before the message is safely stored. If it fails, nothing has been stored or sent, so the
 * webhook is queued (RetryableWebhookError) and answered 200, and its redelivery consumer runs it again.
 */
export function untilStored<T>(
  messageSid: string,
  deps: { metrics: Metrics; logger: Logger },
  step: () => Promise<T>,
): Promise<T> {
  const message = 'inbound sms could not be stored: queued to finish later';
  return retrySafely(
    { sid: messageSid, metric: MetricName.SMS_STORE_FAILED, message, fields: { messageSid } },
    deps,
    step,
  );
}

/** Stores the message once per MessageSid; false when an earlier delivery already stored it. */
export function storeOnce(
  message: InboundMessage,
  deps: { inbox: Inbox; metrics: Metrics; logger: Logger },
): Promise<boolean> {
  return untilStored(message.messageSid, deps, () => deps.inbox.store(message));
}
