import { MetricName } from '../../metric-names';
import type { BusinessWeek } from '../../ports/business-week';
import type { SendReservations } from '../../ports/business-ledger';
import type { SentSmsLog } from '../../ports/message-sender';
import type { NumberDirectory } from '../../ports/number-directory';
import type { DueOwnerText, OwnerTextMarkers, OwnerTextQueue } from '../../ports/owner-text-queue';
import type { Client } from '../numbers/number-role';
import type { RoleRules } from '../numbers/role-gate';
import type { Delivery } from '../sending/delivery';
import type { LimitedSendDeps } from '../sending/send-limits';

/** The owner-texts job's settings (OWNER_TEXTS_* and REVIEW_HOURS, docs/configuration.md). */
export interface OwnerTextsRules {
  /** The customer's local hours a review request may go in: [from, until), default 08-21. */
  reviewHours: { from: number; until: number };
  /** Texts one run reads from the queue at most (the rest wait for the next run, 15 minutes later). */
  perRun: number;
}

/** As docs/configuration.md gives them. */
export const DEFAULT_OWNER_TEXTS_RULES: OwnerTextsRules = { reviewHours: { from: 8, until: 21 }, perRun: 500 };

export interface OwnerTextsDeps extends LimitedSendDeps, RoleRules {
  queue: OwnerTextQueue;
  markers: OwnerTextMarkers;
  directory: NumberDirectory;
  week: BusinessWeek;
  sentLog: SentSmsLog;
  ownerTexts: OwnerTextsRules;
  /** The business's sends against DAILY_SMS_CAP: a review request is one of its texts to customers. */
  ledger: SendReservations;
  rules: { dailySmsCap: number };
}

/** What became of one queued text in a run. */
export type OwnerTextOutcome = 'sent' | 'found' | 'held' | 'dropped' | 'retry' | 'gave-up' | 'taken';

/** A run holds a text this long: far past the function's minute, so only a run that died leaves one behind. */
export const OWNER_TEXT_HOLD_MS = 5 * 60_000;
/** Tries of one text whose sends Twilio failed (5xx, 429, no answer) before it is given up. */
export const OWNER_TEXT_MAX_ATTEMPTS = 5;

/** One text's try, with the client that still holds the number, and the windows of earlier tries with lost answers. */
export interface OwnerTextTry<Text extends DueOwnerText = DueOwnerText> {
  text: Text;
  client: Client;
  now: Date;
  lostAnswers: ReadonlyArray<{ from: string; until: string }>;
}

/** The stable name of a text across its moves (its queue key changes with its due time): who holds its marker. */
export function ownerTextId(text: DueOwnerText): string {
  const who = text.kind === 'review' ? `#${text.customer}#${text.jobRef}` : '';
  return `${text.kind}#${text.business.clientId}${who}#${text.queuedAt}`;
}

/**
 * A send that did not go: a failure worth another try is given back (with its lost answer's window) until
 * OWNER_TEXT_MAX_ATTEMPTS; anything else (refused, skipped) is done with. `onGiveUp` decides what giving up means.
 */
export async function settleOwnerText(
  attempt: OwnerTextTry,
  delivery: Exclude<Delivery, { state: 'sent' }>,
  deps: OwnerTextsDeps,
  onGiveUp: () => Promise<void>,
): Promise<OwnerTextOutcome> {
  const { text } = attempt;
  const fields = { kind: text.kind, clientId: text.business.clientId, attempts: text.attempts + 1 };
  if (delivery.state === 'failed' && delivery.retry && text.attempts + 1 < OWNER_TEXT_MAX_ATTEMPTS) {
    const lost = delivery.retry.lostAnswers[0];
    await deps.queue.release(text, lost);
    deps.logger.warn('owner text not sent this run: the next run tries again', fields);
    return 'retry';
  }
  deps.metrics.count(MetricName.OWNER_TEXT_GAVE_UP);
  deps.logger.error('owner text not sent: given up', {
    ...fields,
    reason: delivery.state === 'failed' ? delivery.error : delivery.reason,
  });
  await onGiveUp();
  return 'gave-up';
}
