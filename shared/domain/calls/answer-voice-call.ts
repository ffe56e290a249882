import type { CallScreening } from '../../ports/call-screening';
import type { Clock } from '../../ports/clock';
import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberDirectory } from '../../ports/number-directory';
import { MetricName } from '../../metric-names';
import { isOurNumber } from '../numbers/is-our-number';
import type { Client } from '../numbers/number-role';
import {
  maskPhoneNumber,
  maskPhoneNumbersIn,
  normalizePhoneNumber,
  textableCallerNumber,
  type E164,
} from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { VOICE_GATE } from '../numbers/route-gates';
import { openingOf } from './call-settings';

export interface IncomingCall {
  callSid: string;
  to: string;
  from: string;
  forwardedFrom?: string;
}

/** What the caller (or, for `screen`, the owner) hears. Rendered to TwiML at the edge, with our callback URLs. */
export type VoiceAnswer =
  | {
      kind: 'greeting';
      businessName?: string;
      /** Then a voicemail: <Record> up to 2 minutes, transcribed (issue 12). */
      voicemail?: boolean;
      /** Outside opening hours: said so, with when it opens. */
      closed?: { opens?: string };
      /** After a ring-first dial nobody took. */
      afterRing?: boolean;
    }
  | { kind: 'text-only' }
  /** A released number resting before reuse: "no longer in service", then hang up. */
  | { kind: 'out-of-service' }
  | { kind: 'hang-up' }
  /** Ring the owner first, with the business number as caller ID, screened by the owner's key press. */
  | { kind: 'ring'; ownerPhone: E164; businessNumber: E164; ringSeconds: number }
  /** To the owner's leg: who is calling, press 1 to take it. */
  | { kind: 'screen'; businessName: string; caller?: E164 }
  /** The owner pressed 1 in time: an empty document, so Twilio connects the call. */
  | { kind: 'connect' }
  /** The owner's leg is ended with a short reason (declined, or the caller has gone). */
  | { kind: 'decline'; reason: 'declined' | 'caller-gone' }
  /** After the voicemail. */
  | { kind: 'goodbye' };

export interface AnswerVoiceCallDeps extends RoleRules {
  /** One read per number: the called number's role, and whether a caller is one of our numbers (any role). */
  directory: NumberDirectory;
  screening: CallScreening;
  ringSeconds: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Answers an incoming call by the role of the number called (the role gate decides; a refused number hears its
 * refusal). Primary course: OPERATIONAL with its client -> in `ring` mode and open, the owner's phone rings first
 * (screened); otherwise a greeting in the business's name (closed: when it opens) and a voicemail. The call's end
 * reaches the status webhook, which texts the caller back unless the owner took the call.
 */
export async function answerVoiceCall(call: IncomingCall, deps: AnswerVoiceCallDeps): Promise<VoiceAnswer> {
  const { logger, metrics } = deps;
  const callFields = { callSid: call.callSid, to: maskPhoneNumber(call.to), from: maskPhoneNumber(call.from) };

  let gate: Awaited<ReturnType<typeof passVoiceGate>>;
  try {
    gate = await passVoiceGate(call, callFields, deps);
  } catch (error) {
    // Never fall back to anything onboarding: an unresolvable number just ends the call.
    metrics.count(MetricName.VOICE_RESOLUTION_FAILED);
    logger.error('could not resolve the role of the called number: call ended', {
      ...callFields,
      error: maskPhoneNumbersIn(String(error)),
    });
    return { kind: 'hang-up' };
  }
  if (gate.kind === 'refused') return { kind: refuse(gate, deps) };

  metrics.count(MetricName.VOICE_OPERATIONAL_ANSWERED);
  return answerForClient(call, gate.number.phone, gate.number.client, deps);
}

function passVoiceGate(call: IncomingCall, fields: LogFields, deps: AnswerVoiceCallDeps) {
  return passRoleGate(
    VOICE_GATE,
    { to: call.to, fields },
    async (phone) => ({ business: await deps.directory.lookup(phone) }),
    deps,
  );
}

async function answerForClient(
  call: IncomingCall,
  business: E164,
  client: Client,
  deps: AnswerVoiceCallDeps,
): Promise<VoiceAnswer> {
  const { logger, metrics } = deps;
  const callFields = {
    callSid: call.callSid,
    to: maskPhoneNumber(call.to),
    from: maskPhoneNumber(call.from),
    clientId: client.id,
  };
  const from = normalizePhoneNumber(call.from);
  const greeting = { kind: 'greeting', businessName: client.businessName } as const;

  // Never dial into a loop: our own dial, brought back by a carrier forward, shows our business number as its caller.
  if (from === business) {
    metrics.count(MetricName.DIAL_LOOP_BLOCKED);
    logger.error('a call from this business number to itself (our own dial forwarded back): ended', {
      ...callFields,
      forwardedFrom: maskPhoneNumber(call.forwardedFrom),
    });
    return { kind: 'hang-up' };
  }
  // The owner calling their own business number: nobody to ring and nothing to leave a message for.
  if (from === client.ownerPhone) return greeting;

  const opening = openingOf(client, deps.clock.now());
  if (opening.closed)
    return { ...greeting, voicemail: true, closed: { ...(opening.opens ? { opens: opening.opens } : {}) } };
  if (client.callMode !== 'ring') return { ...greeting, voicemail: true };

  // Ring mode from here on: a call forwarded by the owner's own phone already rang it, so never ring it again.
  if (normalizePhoneNumber(call.forwardedFrom) === client.ownerPhone) {
    logger.info('ring mode: call forwarded from the owner phone goes to voicemail, not back to the owner', callFields);
    return { ...greeting, voicemail: true };
  }
  try {
    if (from && isOurNumber(await deps.directory.lookup(from))) {
      metrics.count(MetricName.DIAL_LOOP_BLOCKED);
      logger.error('a call from one of our own numbers: never dialled out, ended', callFields);
      return { kind: 'hang-up' };
    }
    const caller = textableCallerNumber(call.from);
    await deps.screening.expect({
      callSid: call.callSid,
      business,
      ...(caller ? { caller } : {}),
      at: deps.clock.now(),
    });
  } catch (error) {
    // Without the screening record an acceptance could not be stored: voicemail instead of an unscreened ring.
    logger.error('ring mode: could not prepare the screening, caller goes to voicemail', {
      ...callFields,
      error: String(error),
    });
    return { ...greeting, voicemail: true };
  }
  logger.info('ring mode: ringing the owner first', callFields);
  return { kind: 'ring', ownerPhone: client.ownerPhone, businessNumber: business, ringSeconds: deps.ringSeconds };
}
