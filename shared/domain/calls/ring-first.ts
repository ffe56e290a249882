import type { CallScreening, OwnerLeg } from '../../ports/call-screening';
import type { Clock } from '../../ports/clock';
import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { NumberDirectory } from '../../ports/number-directory';
import type { ClientNumberInfo } from '../numbers/number-role';
import { maskPhoneNumber, normalizePhoneNumber } from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { RING_FIRST_GATE } from '../numbers/route-gates';
import type { VoiceAnswer } from './answer-voice-call';
import { endRing } from './ring-outcome';
import { spokenIn } from '../texts/language';

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
  const decision = await endRing(
    () => deps.screening.close(dial.callSid, deps.clock.now(), dial.dialCallStatus),
    deps.metrics,
    { unscreenedIsMissed: true },
  );
  if (decision?.connected) {
    deps.logger.info('ring mode: the owner took the call', fields);
    return { kind: 'hang-up' };
  }
  deps.logger.info('ring mode: the owner did not take the call, caller goes to voicemail', {
    ...fields,
    screened: decision !== undefined,
    connected: false,
  });
  return {
    kind: 'greeting',
    businessName: info.client.businessName,
    voicemail: true,
    recordFor: { business: info.phone, clientId: info.client.id },
    afterRing: true,
    ...spokenIn(info.client),
  };
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

/**
 * The owner's phone answered (a person, a carrier voicemail or an IVR): ask for a key press, which only a person gives.
 * The leg is bound to the caller's screening here, once: only a leg from our business number (From) to the owner
 * phone we dialled (To), naming a call of this business as its parent, and the first such leg. Anything else is a
 * forgery: refused and counted (issue 17).
 */
export async function screenForOwner(leg: OwnerAnswered, deps: RingFirstDeps): Promise<VoiceAnswer> {
  const fields = legFields(leg);
  const info = await clientNumber(leg.from, deps, fields);
  if (!info) return { kind: 'hang-up' };
  const ownerLeg = ownerLegOf(leg, info, deps, fields);
  if (!ownerLeg) return { kind: 'hang-up' };
  const screening = await deps.screening.bindOwnerLeg(ownerLeg);
  if (!screening) return forged('no screening of this business, owner phone and leg for the parent call', deps, fields);
  if (screening.decidedAt) {
    deps.logger.warn('screening requested for a call already decided: owner leg ended', fields);
    return { kind: 'decline', reason: 'caller-gone' };
  }
  return {
    kind: 'screen',
    businessName: info.client.businessName,
    ...(screening.caller ? { caller: screening.caller } : {}),
  };
}

/**
 * The screening <Gather action>: `1` takes the call, if it comes from the leg bound to the caller's screening and the
 * caller is still being rung; anything else declines it. A `1` from any other leg is a forgery: refused and counted,
 * so it never makes a call count as taken.
 */
export async function takeScreenAnswer(
  leg: OwnerAnswered & { digits: string | undefined },
  deps: RingFirstDeps,
): Promise<VoiceAnswer> {
  const fields = legFields(leg);
  const info = await clientNumber(leg.from, deps, fields);
  if (!info) return { kind: 'hang-up' };
  if (leg.digits?.trim() !== '1') {
    deps.logger.info('ring mode: the owner declined the call', fields);
    return { kind: 'decline', reason: 'declined' };
  }
  const ownerLeg = ownerLegOf(leg, info, deps, fields);
  if (!ownerLeg) return { kind: 'hang-up' };
  if (await deps.screening.accept(ownerLeg, deps.clock.now())) {
    deps.logger.info('ring mode: the owner accepted the call', fields);
    return { kind: 'connect' };
  }
  // Refused: the caller's call was decided already, or this is not the leg we dialled (one more read tells which).
  const screening = await deps.screening.find(leg.parentCallSid);
  if (screening?.ownerLeg !== leg.callSid || screening.business !== info.phone)
    return forged('a key press from a leg not bound to the parent call', deps, fields);
  deps.logger.info('ring mode: the owner pressed 1 after the call was decided: not connected', fields);
  return { kind: 'decline', reason: 'caller-gone' };
}

function legFields(leg: OwnerAnswered): LogFields {
  return {
    callSid: leg.callSid,
    parentCallSid: leg.parentCallSid,
    from: maskPhoneNumber(leg.from),
    to: maskPhoneNumber(leg.to),
  };
}

/** The leg as the screening knows it; undefined (a forgery, counted) when it did not ring the client's owner phone. */
function ownerLegOf(
  leg: OwnerAnswered,
  info: ClientNumberInfo,
  deps: RingFirstDeps,
  fields: LogFields,
): OwnerLeg | undefined {
  if (normalizePhoneNumber(leg.to) !== info.client.ownerPhone) {
    forged("a leg to a phone that is not the business's owner phone", deps, fields);
    return undefined;
  }
  return {
    callSid: leg.callSid,
    parentCallSid: leg.parentCallSid,
    business: info.phone,
    ownerPhone: info.client.ownerPhone,
  };
}

function forged(reason: string, deps: RingFirstDeps, fields: LogFields): VoiceAnswer {
  deps.metrics.count(MetricName.SCREEN_FORGED);
  deps.logger.error(`forged screening answer refused: ${reason}`, fields);
  return { kind: 'hang-up' };
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
