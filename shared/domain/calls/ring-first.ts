import type { CallScreening } from '../../ports/call-screening';
import type { Clock } from '../../ports/clock';
import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { NumberDirectory } from '../../ports/number-directory';
import type { ClientNumberInfo } from '../numbers/number-role';
import { maskPhoneNumber } from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { RING_FIRST_GATE } from '../numbers/route-gates';
import type { VoiceAnswer } from './answer-voice-call';
import { ringOutcome } from './ring-outcome';

/**
 * The ring-first dial's three callbacks (issue 12). Each passes the business number through the role gate first: only
 * an OPERATIONAL number with its client ever screens, connects or records; anything else hangs up.
 */
export interface RingFirstDeps extends RoleRules {
  directory: NumberDirectory;
  screening: CallScreening;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** Twilio's <Dial action> request, on the caller's call. */
export interface DialEnded {
  callSid: string;
  /** The business number the caller called. */
  to: string;
  from: string;
  dialCallStatus: string;
}

/**
 * The dial ended: connected only when the owner's acceptance was stored (DialCallStatus alone cannot tell a person
 * from a carrier voicemail, which also "completes"). Otherwise the caller goes to voicemail; the status callback
 * sends the text-back. The same request delivered again gives the same answer and counts nothing twice.
 */
export async function finishRingDial(dial: DialEnded, deps: RingFirstDeps): Promise<VoiceAnswer> {
  const fields = {
    callSid: dial.callSid,
    to: maskPhoneNumber(dial.to),
    from: maskPhoneNumber(dial.from),
    dialCallStatus: dial.dialCallStatus,
  };
  const info = await clientNumber(dial.to, deps, fields);
  if (!info) return { kind: 'hang-up' };
  const decision = ringOutcome(await deps.screening.close(dial.callSid, deps.clock.now(), dial.dialCallStatus));
  if (decision?.connected) {
    if (decision.firstDecision) deps.metrics.count(MetricName.DIAL_CONNECTED);
    deps.logger.info('ring mode: the owner took the call', fields);
    return { kind: 'hang-up' };
  }
  if (!decision || decision.firstDecision) deps.metrics.count(MetricName.DIAL_MISSED);
  deps.logger.info('ring mode: the owner did not take the call, caller goes to voicemail', {
    ...fields,
    screened: decision !== undefined,
    connected: false,
  });
  return { kind: 'greeting', businessName: info.client.businessName, voicemail: true, afterRing: true };
}

/** Twilio's <Number url> request, on the owner's leg (a child of the caller's call). */
export interface OwnerAnswered {
  /** The owner's leg. */
  callSid: string;
  /** The caller's call: the screening's key. */
  parentCallSid: string;
  /** Our business number, the dial's caller ID. */
  from: string;
  to: string;
}

/** The owner's phone answered (a person, a carrier voicemail or an IVR): ask for a key press, which only a person gives. */
export async function screenForOwner(leg: OwnerAnswered, deps: RingFirstDeps): Promise<VoiceAnswer> {
  const fields = {
    callSid: leg.callSid,
    parentCallSid: leg.parentCallSid,
    from: maskPhoneNumber(leg.from),
    to: maskPhoneNumber(leg.to),
  };
  const info = await clientNumber(leg.from, deps, fields);
  if (!info) return { kind: 'hang-up' };
  const screening = await deps.screening.find(leg.parentCallSid);
  if (!screening || screening.business !== info.phone || screening.decidedAt) {
    deps.logger.warn(
      'screening requested for a call that is not being rung (or already decided): owner leg ended',
      fields,
    );
    return { kind: 'decline', reason: 'caller-gone' };
  }
  return {
    kind: 'screen',
    businessName: info.client.businessName,
    ...(screening.caller ? { caller: screening.caller } : {}),
  };
}

/** The screening <Gather action>: `1` takes the call, if the caller is still being rung; anything else declines it. */
export async function takeScreenAnswer(
  leg: OwnerAnswered & { digits: string | undefined },
  deps: RingFirstDeps,
): Promise<VoiceAnswer> {
  const fields = { callSid: leg.callSid, parentCallSid: leg.parentCallSid, from: maskPhoneNumber(leg.from) };
  const info = await clientNumber(leg.from, deps, fields);
  if (!info) return { kind: 'hang-up' };
  if (leg.digits?.trim() !== '1') {
    deps.logger.info('ring mode: the owner declined the call', fields);
    return { kind: 'decline', reason: 'declined' };
  }
  if (!(await deps.screening.accept(leg.parentCallSid, deps.clock.now()))) {
    deps.logger.info('ring mode: the owner pressed 1 after the call was decided: not connected', fields);
    return { kind: 'decline', reason: 'caller-gone' };
  }
  deps.logger.info('ring mode: the owner accepted the call', fields);
  return { kind: 'connect' };
}

/** The business number with its client, through the role gate; undefined (refusal counted and logged) otherwise. */
async function clientNumber(
  phone: string,
  deps: RingFirstDeps,
  fields: LogFields,
): Promise<ClientNumberInfo | undefined> {
  const gate = await passRoleGate(
    RING_FIRST_GATE,
    { to: phone, fields },
    async (business) => ({ business: await deps.directory.lookup(business) }),
    deps,
  );
  if (gate.kind === 'client') return gate.number;
  refuse(gate, deps);
  return undefined;
}
