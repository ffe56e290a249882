import type { CallLog } from '../../ports/call-log';
import type { ExchangeSnapshot } from '../../ports/exchange-reader';
import type { LogFields } from '../../ports/logger';
import { MetricName } from '../../metric-names';
import { retrySafely } from '../common/retry-safely';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import type { RoleRules } from '../numbers/role-gate';
import type { Delivery } from '../sending/delivery';
import { refusedDestination, sendText } from '../sending/send-text';
import { settleDelivery, type SettleDeps } from '../sending/settle-delivery';
import { sendToOwner, tellOwnerCapReached, type LimitedSendDeps } from '../sending/send-limits';
import * as smsText from '../sending/sms-text';
import { textBackNote } from '../sending/sms-text';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import { withBusinessName } from './owner-words';
import { jobEventId, publishJobEvent, type PublishJobEventDeps } from '../crm/job-event';
import { openingOf } from './call-settings';
import { isNeverTexted } from './never-text';
import { claimMissedCall, type ClaimCallDeps, type ClaimedCall } from './claim-missed-call';
import { decideTextBack, isDestinationBlock, type TextBackBlock, type TextBackDecision } from './text-back-policy';

/** A call to a client's number that ended without the owner taking it, as the status callback reports it. */
export interface MissedCall {
  callSid: string;
  /** As Twilio sent it: recorded on the call. */
  from: string;
  forwardedFrom?: string;
  callStatus: string;
  business: E164;
  /** The caller's number when it can be texted; undefined when withheld or not a phone number. */
  caller: E164 | undefined;
  client: Client;
  /** The route's one read: the caller's entry, consent and last text-back, and this call's record if any. */
  snapshot: ExchangeSnapshot;
}

export type MissedCallOutcome = 'missed-call-handled' | 'duplicate' | 'daily-cap-reached';

export interface MissedCallDeps
  extends ClaimCallDeps,
    LimitedSendDeps,
    SettleDeps,
    RoleRules,
    Pick<PublishJobEventDeps, 'jobEvents'> {
  calls: CallLog;
}

/** The state of a call's record between its claim and its outcome. */
const CLAIMED = 'CLAIMED';

/**
 * A missed call in three steps: decide (pure: text back or not, and why), claim (the CallSid, the caller's cooldown
 * slot, the sends and both budgets, at once), then notify (the text-back, the owner's alert, the record). At most once
 * per CallSid however often and however concurrently the callback arrives (from Twilio or the redelivery queue).
 */
export async function handleMissedCall(call: MissedCall, deps: MissedCallDeps): Promise<MissedCallOutcome> {
  const fields = { callSid: call.callSid, to: maskPhoneNumber(call.business), from: maskPhoneNumber(call.from) };
  // Already recorded (within the replay window and long after): a replay sends and writes nothing.
  if (call.snapshot.handled && call.snapshot.handled.state !== CLAIMED) {
    deps.metrics.count(MetricName.STATUS_DUPLICATE);
    deps.logger.info('repeated status callback: already recorded', fields);
    return 'duplicate';
  }
  const now = deps.clock.now();
  const neverTexted = isNeverTexted(call.client, call.caller);
  const decision = decideTextBack({ ...call, ownerPhone: call.client.ownerPhone, neverTexted }, now, deps);
  const claimed = await claimMissedCall(call, decision, now, deps);
  if (claimed === 'duplicate') return finishEarlierDelivery(call, now, fields, deps);
  return notifyMissedCall(call, claimed, now, fields, deps);
}

/** Step 3: the text-back (if decided and claimed), the owner's alert, and the call's record. */
async function notifyMissedCall(
  call: MissedCall,
  claimed: ClaimedCall,
  now: Date,
  fields: LogFields,
  deps: MissedCallDeps,
): Promise<MissedCallOutcome> {
  const { metrics, logger } = deps;
  const { business, caller, client } = call;
  const why = claimed.textBack.send ? undefined : claimed.textBack.why;
  metrics.count(MetricName.MISSED_CALL);
  if (claimed.callerLimited) metrics.count(MetricName.SMS_COUNTERPART_LIMITED);
  if (claimed.capReached) {
    metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    logger.error('daily SMS cap reached: no text-back, the owner is still told', {
      ...fields,
      clientId: client.id,
      dailyCap: deps.rules.dailySmsCap,
    });
    await tellOwnerCapReached(business, client, 'customer', deps);
  }
  if (caller && isDestinationBlock(why)) refusedDestination(caller, 'text-back', deps);

  const textBack = await textCallerBack(call, claimed.textBack, now, deps);
  const ownerNotification = await sendToOwner(
    business,
    client,
    [smsText.ownerMissedCall(client.businessName, caller, textBack.state === 'sent', textBackNote(textBack) ?? why)],
    'owner-missed-call',
    deps,
    { taken: claimed.ownerAlert },
  );
  if (ownerNotification.state === 'sent') metrics.count(MetricName.OWNER_NOTIFIED);

  // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
  const settledTextBack = await settleDelivery(
    { record: 'call', sid: call.callSid, field: 'textBack' },
    textBack,
    deps,
  );
  const settledOwnerNotification = await settleDelivery(
    { record: 'call', sid: call.callSid, field: 'ownerNotification' },
    ownerNotification,
    deps,
  );
  // The texts went out, guarded by the claimed CallSid: a redelivery sends nothing again and only writes the record.
  await retrySafely(
    {
      sid: call.callSid,
      metric: MetricName.STATUS_NOT_RECORDED,
      message: 'missed call handled but not recorded: queued to finish later',
      fields,
    },
    deps,
    () => deps.calls.record(callRecord(call, now, settledTextBack, settledOwnerNotification)),
  );
  logger.info('missed call handled', {
    ...fields,
    textBack: textBack.state,
    textBackBlock: why,
    ownerNotification: ownerNotification.state,
  });
  // Issue 19 §5: after the call's own work, for a business with a CRM webhook; never fails the callback.
  await publishJobEvent(
    client,
    {
      id: jobEventId('call.missed', call.callSid),
      type: 'call.missed',
      occurredAt: now.toISOString(),
      business,
      ...(caller ? { customer: caller } : {}),
      call: { callSid: call.callSid, status: call.callStatus, textedBack: textBack.state === 'sent' },
    },
    deps,
  );
  return claimed.capReached ? 'daily-cap-reached' : 'missed-call-handled';
}

/** The text-back itself, in the business's name (closed: when it opens); a skip is counted by its reason. */
async function textCallerBack(
  call: MissedCall,
  decision: TextBackDecision,
  now: Date,
  deps: MissedCallDeps,
): Promise<Delivery> {
  if (!decision.send) {
    const skipMetric = TEXT_BACK_SKIP_METRIC[decision.why];
    if (skipMetric) deps.metrics.count(skipMetric);
    return { state: 'skipped', reason: decision.why };
  }
  const { client } = call;
  const opening = openingOf(client, now);
  // Issue 19: the owner's own words when set (out of hours: AFTERHOURS), with the opt-out line as every text-back.
  const ownWords = opening.closed ? client.afterHoursText : client.textBack;
  // Issue 19: in the business's language; the owner's own words as written, the opt-out line in that language.
  const language = languageOf(client);
  const body = ownWords
    ? customerText.ownWordsTextBack[language](withBusinessName(ownWords, client.businessName))
    : opening.closed
      ? customerText.textBackClosed[language](client.businessName, opening.opens)
      : customerText.textBack[language](client.businessName);
  const textBack = await sendText({ to: decision.to, from: call.business, body }, 'text-back', deps, 'counterpart');
  if (textBack.state === 'sent') deps.metrics.count(MetricName.TEXT_BACK_SENT);
  return textBack;
}

/** An earlier delivery claimed the call: this one sends nothing, and finishes the record if that one failed first. */
async function finishEarlierDelivery(
  call: MissedCall,
  now: Date,
  fields: LogFields,
  deps: MissedCallDeps,
): Promise<MissedCallOutcome> {
  deps.metrics.count(MetricName.STATUS_DUPLICATE);
  deps.logger.info('repeated status callback: already handled', fields);
  const unknown: Delivery = {
    state: 'skipped',
    reason: 'unknown: an earlier delivery of this callback failed before recording it',
  };
  if (await deps.calls.recordIfMissing(callRecord(call, now, unknown, unknown))) {
    // Never sent twice means this call may have gone without its texts: loud, so on-call checks Twilio's log.
    deps.metrics.count(MetricName.OUTCOME_UNKNOWN);
    deps.logger.error(
      'missed call claimed by an earlier delivery that recorded nothing: texts may not have been sent',
      fields,
    );
  }
  return 'duplicate';
}

function callRecord(call: MissedCall, now: Date, textBack: Delivery, ownerNotification: Delivery) {
  return {
    callSid: call.callSid,
    clientId: call.client.id,
    businessNumber: call.business,
    callerId: call.from,
    callStatus: call.callStatus,
    endedAt: now,
    textBack,
    ownerNotification,
  };
}

/** What a skipped text-back counts; a destination refusal, the cap and the per-caller limit are counted where found. */
const TEXT_BACK_SKIP_METRIC: Partial<Record<TextBackBlock, MetricName>> = {
  'withheld or invalid caller ID': MetricName.TEXT_BACK_SKIPPED_WITHHELD,
  'caller is one of our numbers': MetricName.TEXT_BACK_SKIPPED_LOOP,
  "caller is the owner's phone": MetricName.TEXT_BACK_SKIPPED_LOOP,
  'forwarding loop': MetricName.TEXT_BACK_SKIPPED_LOOP,
  'caller opted out': MetricName.TEXT_BACK_SKIPPED_OPTED_OUT,
  'texted back recently': MetricName.TEXT_BACK_SKIPPED_COOLDOWN,
  'caller ID failed verification': MetricName.VOICE_SPAM_SCREENED,
};
