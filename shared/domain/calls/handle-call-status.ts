import type { BusinessLedger, CallClaimResult } from '../../ports/business-ledger';
import type { CallLog } from '../../ports/call-log';
import type { CallScreening } from '../../ports/call-screening';
import type { ExchangeReader, ExchangeSnapshot } from '../../ports/exchange-reader';
import { MetricName } from '../../metric-names';
import type { Delivery } from '../sending/delivery';
import { TwilioNumberRole, type Client } from '../numbers/number-role';
import { maskPhoneNumber, normalizePhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import { isOurNumber, roleFromEntry, type RoleRules } from '../numbers/resolve-number-role';
import { RetryableWebhookError } from '../common/errors';
import { retrySafely } from '../common/retry-safely';
import { destinationPolicy } from '../sending/destination-policy';
import { refusedDestination, sendText } from '../sending/send-text';
import { settleDelivery, type SettleDeps } from '../sending/settle-delivery';
import {
  automatedTextTake,
  ownerTake,
  sendToOwner,
  tellOwnerCapReached,
  type LimitedSendDeps,
} from '../sending/send-limits';
import { smsText, textBackNote } from '../sending/sms-text';
import {
  cooldownStart,
  isDestinationBlock,
  textBackBlock,
  type TextBackBlock,
  type TextBackRules,
} from './text-back-policy';
import { openingOf } from './call-settings';

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
  | 'daily-cap-reached'
  | 'not-final'
  | 'not-inbound'
  | 'call-connected'
  | 'onboarding-number-refused'
  | 'system-number-ignored'
  | 'operational-without-client';

export interface HandleCallStatusDeps extends LimitedSendDeps, SettleDeps, RoleRules {
  exchanges: ExchangeReader;
  ledger: BusinessLedger;
  calls: CallLog;
  rules: TextBackRules;
  /** Ring-first calls: whether the owner took the call (issue 12). */
  screening: CallScreening;
}

/** The state of a call's record between its claim and its outcome. */
const CLAIMED = 'CLAIMED';

/** Twilio's final call statuses. For an OPERATIONAL number every ended inbound call is a missed call: nobody picks up. */
const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

const EMPTY_SNAPSHOT: ExchangeSnapshot = {
  business: {},
  counterpart: {},
  counterpartOptedOut: false,
  ledger: { lastTextBackAt: () => undefined, jobSequence: 0 },
};

/**
 * Handles the end of a call by the role of the number called.
 * Primary course: OPERATIONAL with its client -> one text-back to the caller (unless a rule forbids it) and one
 * notification to the owner, at most once per CallSid however often and however concurrently Twilio repeats it.
 */
export async function handleCallStatus(
  update: CallStatusUpdate,
  deps: HandleCallStatusDeps,
): Promise<CallStatusOutcome> {
  const { logger, metrics } = deps;
  const callFields = {
    callSid: update.callSid,
    to: maskPhoneNumber(update.to),
    from: maskPhoneNumber(update.from),
    callStatus: update.callStatus,
  };

  const business = normalizePhoneNumber(update.to);
  const caller = textableCallerNumber(update.from);
  const snapshot = business
    ? await beforeAnythingDone(update.callSid, deps, () =>
        deps.exchanges.read(business, caller, { callSid: update.callSid }),
      )
    : EMPTY_SNAPSHOT;
  const info = roleFromEntry(update.to, snapshot.business, deps);
  logger.info('call status routed by role', { ...callFields, role: info.role, source: info.source });

  switch (info.role) {
    case TwilioNumberRole.ONBOARDING:
      // Invariant 2: no voice status callback ever sends an onboarding SMS.
      metrics.count(MetricName.STATUS_ONBOARDING_VIOLATION);
      logger.critical('status callback for the onboarding number: nothing sent', {
        ...callFields,
        source: info.source,
      });
      return 'onboarding-number-refused';

    case TwilioNumberRole.SYSTEM:
      // Invariant 4: SYSTEM/unknown numbers are logged and counted, nothing else.
      metrics.count(MetricName.VOICE_SYSTEM_NUMBER);
      logger.warn('status callback for a system number: nothing sent', { ...callFields, source: info.source });
      return 'system-number-ignored';

    case TwilioNumberRole.OPERATIONAL:
      break;
  }

  if (!info.client || !business) {
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
  if (info.client.callMode === 'ring') {
    // Decided from what we stored (the owner's key press), not from CallStatus: a carrier voicemail also "completes".
    const decision = await beforeAnythingDone(update.callSid, deps, () =>
      deps.screening.decide(update.callSid, deps.clock.now()),
    );
    // Counted by whichever of the Dial action and this callback decides first.
    if (decision?.firstDecision) metrics.count(decision.connected ? MetricName.DIAL_CONNECTED : MetricName.DIAL_MISSED);
    if (decision?.connected) {
      logger.info('ring mode: the owner took the call, nothing sent', { ...callFields, clientId: info.client.id });
      return 'call-connected';
    }
  }
  return handleMissedCall(update, business, caller, info.client, snapshot, deps);
}

async function handleMissedCall(
  update: CallStatusUpdate,
  business: E164,
  caller: E164 | undefined,
  client: Client,
  snapshot: ExchangeSnapshot,
  deps: HandleCallStatusDeps,
): Promise<CallStatusOutcome> {
  const { logger, metrics, rules } = deps;
  const now = deps.clock.now();
  const callFields = { callSid: update.callSid, to: maskPhoneNumber(business), from: maskPhoneNumber(update.from) };
  // Already recorded (within the replay window and long after): a replay sends and writes nothing.
  if (snapshot.handled && snapshot.handled.state !== CLAIMED) {
    metrics.count(MetricName.STATUS_DUPLICATE);
    logger.info('repeated status callback: already recorded', callFields);
    return 'duplicate';
  }

  // Loop guard: one of our numbers (in the table, owned by a client, the configured onboarding number, this very
  // number) is never texted back, so no two of our numbers can text each other.
  const callerIsOurNumber =
    isOurNumber(snapshot.counterpart) || caller === deps.onboardingNumber || caller === business;
  const callerVerdict = caller ? destinationPolicy(caller) : undefined;
  let block = textBackBlock(
    {
      caller,
      rawFrom: update.from,
      rawForwardedFrom: update.forwardedFrom,
      ownerPhone: client.ownerPhone,
      callerIsOurNumber,
      callerOptedOut: snapshot.counterpartOptedOut,
      callerRefusal: callerVerdict && !callerVerdict.allowed ? callerVerdict.reason : undefined,
      lastTextBackAt: caller ? snapshot.ledger.lastTextBackAt(caller) : undefined,
      now,
    },
    rules,
  );
  // Only texts to the caller count against DAILY_SMS_CAP; the owner's alert has its own budget (DAILY_OWNER_SMS_CAP).
  // The claim takes the caller's cooldown slot, the send, the caller's automated text and the owner's alert at once;
  // whatever refuses is left out of the next claim. A caller past its automated texts keeps the cooldown slot, as if texted.
  const ownerAlert = ownerTake(business, 1, deps);
  const callerText = caller ? automatedTextTake(business, caller, deps) : undefined;
  const claim = (textBack: 'send' | 'slot-only' | 'none', withOwnerAlert: boolean) =>
    beforeAnythingDone(update.callSid, deps, () =>
      deps.ledger.claimCall({
        business,
        callSid: update.callSid,
        ...(textBack !== 'none' && caller ? { textBackTo: caller } : {}),
        sends: textBack === 'send' ? 1 : 0,
        dailyCap: rules.dailySmsCap,
        cooldownStart: cooldownStart(now, rules),
        at: now,
        budgets: [...(textBack === 'send' && callerText ? [callerText] : []), ...(withOwnerAlert ? [ownerAlert] : [])],
      }),
    );

  let planned: 'send' | 'slot-only' | 'none' = block || !caller ? 'none' : 'send';
  let ownerAlertGranted = true;
  let customerCapReached = false;
  let callerLimited = false;
  let claimed: CallClaimResult = await claim(planned, ownerAlertGranted);
  // Each refusal takes something out of the claim, so this ends within four claims; a fifth would mean a refusal
  // that names nothing the claim holds, and looping on it would never end.
  for (let claims = 1; claimed !== 'claimed' && claimed !== 'duplicate'; claims += 1) {
    if (claims >= 4)
      // Nothing was claimed or sent: safe to finish later from the redelivery queue.
      throw new RetryableWebhookError(update.callSid, {
        cause: new Error(`call claim still refused after ${claims} claims: ${JSON.stringify(claimed)}`),
      });
    if (claimed === 'cooling-down') {
      // Another call from this caller claimed the text-back slot since we read it: the owner is still told.
      block = 'texted back recently';
      planned = 'none';
    } else if (claimed === 'cap-reached') {
      customerCapReached = true;
      block = 'daily SMS cap reached';
      planned = 'none';
    } else {
      if (claimed.budgetsSpent.includes('automated')) {
        // The caller had its automated texts for today on this number: no send reserved, the slot still taken.
        callerLimited = true;
        block = 'caller had its automated texts for today';
        planned = 'slot-only';
      }
      if (claimed.budgetsSpent.includes('owner')) ownerAlertGranted = false;
    }
    claimed = await claim(planned, ownerAlertGranted);
  }
  if (claimed === 'duplicate') return duplicate();
  metrics.count(MetricName.MISSED_CALL);
  if (callerLimited) metrics.count(MetricName.SMS_COUNTERPART_LIMITED);
  if (customerCapReached) {
    metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    logger.error('daily SMS cap reached: no text-back, the owner is still told', {
      ...callFields,
      clientId: client.id,
      dailyCap: rules.dailySmsCap,
    });
    await tellOwnerCapReached(business, client, 'customer', deps);
  }
  if (caller && isDestinationBlock(block)) refusedDestination(caller, 'text-back', deps);

  let textBack: Delivery;
  if (!block && caller) {
    const opening = openingOf(client, now);
    const body = opening.closed
      ? smsText.textBackClosed(client.businessName, opening.opens)
      : smsText.textBack(client.businessName);
    textBack = await sendText({ to: caller, from: business, body }, 'text-back', deps, 'counterpart');
    if (textBack.state === 'sent') metrics.count(MetricName.TEXT_BACK_SENT);
  } else {
    const skipMetric = TEXT_BACK_SKIP_METRIC[block ?? 'withheld or invalid caller ID'];
    if (skipMetric) metrics.count(skipMetric);
    textBack = { state: 'skipped', reason: block ?? 'withheld or invalid caller ID' };
  }

  const ownerNotification = await sendToOwner(
    business,
    client,
    [smsText.ownerMissedCall(client.businessName, caller, textBack.state === 'sent', textBackNote(textBack) ?? block)],
    'owner-missed-call',
    deps,
    { taken: ownerAlertGranted },
  );
  if (ownerNotification.state === 'sent') metrics.count(MetricName.OWNER_NOTIFIED);

  await recordCall(textBack, ownerNotification);
  logger.info('missed call handled', {
    ...callFields,
    textBack: textBack.state,
    textBackBlock: block,
    ownerNotification: ownerNotification.state,
  });
  return customerCapReached ? 'daily-cap-reached' : 'missed-call-handled';

  async function duplicate(): Promise<CallStatusOutcome> {
    metrics.count(MetricName.STATUS_DUPLICATE);
    logger.info('repeated status callback: already handled', callFields);
    // A delivery that claimed the call but failed before recording it asked for this one: finish the record.
    const unknown: Delivery = {
      state: 'skipped',
      reason: 'unknown: an earlier delivery of this callback failed before recording it',
    };
    if (await deps.calls.recordIfMissing(callRecord(unknown, unknown))) {
      // Never sent twice means this call may have gone without its texts: loud, so on-call checks Twilio's log.
      metrics.count(MetricName.OUTCOME_UNKNOWN);
      logger.error(
        'missed call claimed by an earlier delivery that recorded nothing: texts may not have been sent',
        callFields,
      );
    }
    return 'duplicate';
  }

  async function recordCall(textBack: Delivery, ownerNotification: Delivery): Promise<void> {
    // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
    const record = callRecord(
      await settleDelivery({ record: 'call', sid: update.callSid, field: 'textBack' }, textBack, deps),
      await settleDelivery(
        { record: 'call', sid: update.callSid, field: 'ownerNotification' },
        ownerNotification,
        deps,
      ),
    );
    // The texts went out, guarded by the claimed CallSid: a redelivery sends nothing again and only writes the record.
    const message = 'missed call handled but not recorded: queued to finish later';
    return retrySafely(
      { sid: update.callSid, metric: MetricName.STATUS_NOT_RECORDED, message, fields: callFields },
      deps,
      () => deps.calls.record(record),
    );
  }

  function callRecord(textBack: Delivery, ownerNotification: Delivery) {
    return {
      callSid: update.callSid,
      clientId: client.id,
      businessNumber: business,
      callerId: update.from,
      callStatus: update.callStatus,
      endedAt: now,
      textBack,
      ownerNotification,
    };
  }
}

/**
 * Runs a step that comes before the call is claimed. If it fails, nothing was recorded or sent, so Twilio is asked
 * (503) to deliver the callback again.
 */
function beforeAnythingDone<T>(callSid: string, deps: HandleCallStatusDeps, step: () => Promise<T>): Promise<T> {
  const message = 'call status could not be recorded: queued to finish later';
  return retrySafely(
    { sid: callSid, metric: MetricName.STATUS_NOT_RECORDED, message, fields: { callSid } },
    deps,
    step,
  );
}

/** What a skipped text-back counts; a destination refusal, the cap and the per-caller limit are counted where found. */
const TEXT_BACK_SKIP_METRIC: Partial<Record<TextBackBlock, MetricName>> = {
  'withheld or invalid caller ID': MetricName.TEXT_BACK_SKIPPED_WITHHELD,
  'caller is one of our numbers': MetricName.TEXT_BACK_SKIPPED_LOOP,
  "caller is the owner's phone": MetricName.TEXT_BACK_SKIPPED_LOOP,
  'forwarding loop': MetricName.TEXT_BACK_SKIPPED_LOOP,
  'caller opted out': MetricName.TEXT_BACK_SKIPPED_OPTED_OUT,
  'texted back recently': MetricName.TEXT_BACK_SKIPPED_COOLDOWN,
};
