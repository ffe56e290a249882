import type { ScreeningDecision } from '../../ports/call-screening';
import type { ExchangeReader } from '../../ports/exchange-reader';
import { MetricName } from '../../metric-names';
import { maskPhoneNumber, textableCallerNumber } from '../numbers/phone-number';
import { passRoleGate, refuse } from '../numbers/role-gate';
import { STATUS_GATE } from '../numbers/route-gates';
import { beforeAnythingDone } from './claim-missed-call';
import { handleMissedCall, type MissedCallDeps, type MissedCallOutcome } from './missed-call';
import { endRing } from './ring-outcome';

export interface CallStatusUpdate {
  callSid: string;
  to: string;
  from: string;
  callStatus: string;
  direction?: string;
  forwardedFrom?: string;
}

export type CallStatusOutcome =
  | MissedCallOutcome
  | 'not-final'
  | 'not-inbound'
  | 'call-connected'
  | 'onboarding-number-refused'
  | 'system-number-ignored'
  | 'operational-without-client';

export interface HandleCallStatusDeps extends MissedCallDeps {
  exchanges: ExchangeReader;
  /** Ring-first calls: whether the owner took the call (issue 12). */
  screening: ScreeningDecision;
}

/** Twilio's final call statuses. For an OPERATIONAL number every ended inbound call is a missed call: nobody picks up. */
const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

/**
 * Handles the end of a call by the role of the number called (the role gate decides).
 * Primary course: OPERATIONAL with its client -> one text-back to the caller (unless a rule forbids it) and one
 * notification to the owner, at most once per CallSid however often and however concurrently the callback arrives
 * (from Twilio or from the redelivery queue).
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

  const caller = textableCallerNumber(update.from);
  const gate = await passRoleGate(
    STATUS_GATE,
    { to: update.to, fields: callFields },
    (business) =>
      beforeAnythingDone(update.callSid, deps, () =>
        deps.exchanges.read(business, caller, { callSid: update.callSid }),
      ),
    deps,
  );
  if (gate.kind !== 'client') return refuse(gate, deps);
  const { phone: business, client } = gate.number;
  const snapshot = gate.reading;

  if (!FINAL_CALL_STATUSES.has(update.callStatus)) {
    metrics.count(MetricName.STATUS_NOT_FINAL);
    return 'not-final';
  }
  if (update.direction && !update.direction.startsWith('inbound')) {
    logger.info('status callback for an outbound call: nothing sent', callFields);
    return 'not-inbound';
  }
  if (client.callMode === 'ring') {
    // Decided from what we stored (the owner's key press), not from CallStatus: a carrier voicemail also "completes".
    const decision = await endRing(
      () => beforeAnythingDone(update.callSid, deps, () => deps.screening.close(update.callSid, deps.clock.now())),
      metrics,
      { unscreenedIsMissed: false },
    );
    if (decision?.connected) {
      logger.info('ring mode: the owner took the call, nothing sent', { ...callFields, clientId: client.id });
      return 'call-connected';
    }
  }
  return handleMissedCall(
    {
      callSid: update.callSid,
      from: update.from,
      ...(update.forwardedFrom !== undefined ? { forwardedFrom: update.forwardedFrom } : {}),
      callStatus: update.callStatus,
      business,
      caller,
      client,
      snapshot,
    },
    deps,
  );
}
