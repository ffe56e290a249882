import type { CallLog } from '../ports/call-log';
import type { Clock } from '../ports/clock';
import { MetricName } from '../ports/metrics';
import type { Delivery } from './delivery';
import { TwilioNumberRole, type NumberRoleInfo } from './number-role';
import { maskPhoneNumber, textableCallerNumber } from './phone-number';
import { sendAndRecord, type SendDeps } from './send-and-record';
import { smsText } from './sms-text';

export interface CallStatusUpdate {
  callSid: string;
  to: string;
  from: string;
  callStatus: string;
  direction?: string;
  forwardedFrom?: string;
}

export type CallStatusOutcome =
  | 'missed-call-handled'
  | 'duplicate'
  | 'not-final'
  | 'not-inbound'
  | 'onboarding-number-refused'
  | 'system-number-ignored'
  | 'operational-without-client';

export interface HandleCallStatusDeps extends SendDeps {
  resolveRole: (phone: string) => Promise<NumberRoleInfo>;
  calls: CallLog;
  clock: Clock;
}

/** Twilio's final call statuses. For an OPERATIONAL number every ended inbound call is a missed call: nobody picks up. */
const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

/**
 * Handles the end of a call by the role of the number called.
 * Primary course: OPERATIONAL with its client -> one text-back to the caller and one notification to the owner,
 * at most once per CallSid however often Twilio repeats the callback.
 */
export async function handleCallStatus(update: CallStatusUpdate, deps: HandleCallStatusDeps): Promise<CallStatusOutcome> {
  const { logger, metrics } = deps;
  const callFields = {
    callSid: update.callSid,
    to: maskPhoneNumber(update.to),
    from: maskPhoneNumber(update.from),
    callStatus: update.callStatus,
  };

  const info = await deps.resolveRole(update.to);
  logger.info('call status routed by role', { ...callFields, role: info.role, source: info.source });

  switch (info.role) {
    case TwilioNumberRole.ONBOARDING:
      // Invariant 2: no voice status callback ever sends an onboarding SMS.
      metrics.count(MetricName.STATUS_ONBOARDING_VIOLATION);
      logger.critical('status callback for the onboarding number: nothing sent', { ...callFields, source: info.source });
      return 'onboarding-number-refused';

    case TwilioNumberRole.SYSTEM:
      // Invariant 4: SYSTEM/unknown numbers are logged and counted, nothing else.
      metrics.count(MetricName.VOICE_SYSTEM_NUMBER);
      logger.warn('status callback for a system number: nothing sent', { ...callFields, source: info.source });
      return 'system-number-ignored';

    case TwilioNumberRole.OPERATIONAL:
      break;
  }

  if (!info.client || !info.phone) {
    // Invariant 3: an OPERATIONAL number with no client record sends nothing.
    metrics.count(MetricName.STATUS_OPERATIONAL_NO_CLIENT);
    logger.critical('operational number has no client record: nothing sent', { ...callFields, source: info.source });
    return 'operational-without-client';
  }

  if (!FINAL_CALL_STATUSES.has(update.callStatus)) {
    metrics.count(MetricName.STATUS_NOT_FINAL);
    return 'not-final';
  }
  if (update.direction && !update.direction.startsWith('inbound')) {
    logger.info('status callback for an outbound call: nothing sent', callFields);
    return 'not-inbound';
  }

  const client = info.client;
  const claimed = await deps.calls.claim({
    callSid: update.callSid,
    clientId: client.id,
    businessNumber: info.phone,
    callerId: update.from,
    callStatus: update.callStatus,
    endedAt: deps.clock.now(),
  });
  if (!claimed) {
    metrics.count(MetricName.STATUS_DUPLICATE);
    logger.info('repeated status callback: already handled', callFields);
    return 'duplicate';
  }
  metrics.count(MetricName.MISSED_CALL);

  const caller = textableCallerNumber(update.from);
  let textBack: Delivery;
  if (caller) {
    textBack = await sendAndRecord({ to: caller, from: info.phone, body: smsText.textBack(client.businessName) }, 'text-back', deps);
    if (textBack.state === 'sent') metrics.count(MetricName.TEXT_BACK_SENT);
  } else {
    metrics.count(MetricName.TEXT_BACK_SKIPPED_WITHHELD);
    textBack = { state: 'skipped', reason: 'withheld or invalid caller ID' };
  }

  const ownerNotification = await sendAndRecord(
    { to: client.ownerPhone, from: info.phone, body: smsText.ownerMissedCall(client.businessName, caller) },
    'owner-missed-call',
    deps,
  );
  if (ownerNotification.state === 'sent') metrics.count(MetricName.OWNER_NOTIFIED);

  await deps.calls.recordOutcome(update.callSid, { textBack, ownerNotification });
  logger.info('missed call handled', { ...callFields, textBack: textBack.state, ownerNotification: ownerNotification.state });
  return 'missed-call-handled';
}
