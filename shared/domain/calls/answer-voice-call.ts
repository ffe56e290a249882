import type { CallScreening } from '../../ports/call-screening';
import type { Clock } from '../../ports/clock';
import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberDirectory } from '../../ports/number-directory';
import type { SendBudget } from '../../ports/send-budget';
import type { SpamVerdicts } from '../../ports/spam-verdicts';
import { MetricName } from '../../metric-names';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, maskPhoneNumbersIn, normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { VOICE_GATE } from '../numbers/route-gates';
import { openingOf } from './call-settings';
import { screensCall } from './spam-screen';
import { ownGreeting } from './owner-words';
import { spokenIn } from '../texts/language';
import { ringOwnerOrVoicemail, type DialBudgets } from './ring-owner';
import type { IncomingCall, VoiceAnswer } from './voice-answer';

export type { IncomingCall, VoiceAnswer } from './voice-answer';

export interface AnswerVoiceCallDeps extends RoleRules {
  /** One read per number: the called number's role, and whether a caller is one of our numbers (any role). */
  directory: NumberDirectory;
  screening: CallScreening;
  /** Issue 19: written only for a call whose caller ID failed verification under the business's rule. */
  spamVerdicts: SpamVerdicts;
  ringSeconds: number;
  /** Ring mode's dial budgets, taken on `budget` (issue 17). */
  dialBudgets: DialBudgets;
  budget: SendBudget;
  /** VOICEMAILS_PER_CALLER: the <Record action> says the mailbox is full past it (issue 17). */
  voicemailsPerCallerPerDay: number;
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
  await markIfScreened(call, gate.number.client, callFields, deps);
  return answerForClient(
    call,
    gate.number.phone,
    gate.number.client,
    { ...callFields, clientId: gate.number.client.id },
    deps,
  );
}

function passVoiceGate(call: IncomingCall, fields: LogFields, deps: AnswerVoiceCallDeps) {
  return passRoleGate(
    VOICE_GATE,
    { to: call.to, fields },
    async (phone) => ({ business: await deps.directory.lookup(phone) }),
    deps,
  );
}

/**
 * Issue 19: the status callback, which decides the text-back, never sees StirVerstat; so a call the business's rule
 * screens leaves its verdict (one write; every other call writes nothing). A failed write fails open: texted back.
 */
async function markIfScreened(call: IncomingCall, client: Client, fields: LogFields, deps: AnswerVoiceCallDeps) {
  if (!call.stirVerstat || !screensCall(client.spamScreen, call.stirVerstat)) return;
  try {
    await deps.spamVerdicts.markScreened(call.callSid, call.stirVerstat, deps.clock.now());
  } catch (error) {
    deps.logger.error('spam verdict not stored: the caller will be texted back', {
      ...fields,
      stirVerstat: call.stirVerstat,
      error: maskPhoneNumbersIn(String(error)),
    });
  }
}

async function answerForClient(
  call: IncomingCall,
  business: E164,
  client: Client,
  callFields: LogFields,
  deps: AnswerVoiceCallDeps,
): Promise<VoiceAnswer> {
  const { logger, metrics } = deps;
  const from = normalizePhoneNumber(call.from);
  const greeting = {
    kind: 'greeting',
    businessName: client.businessName,
    ...ownGreeting(client),
    ...spokenIn(client),
  } as const;
  const recordFor = { voicemail: true, recordFor: { business, clientId: client.id } } as const;

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
    return { ...greeting, ...recordFor, closed: { ...(opening.opens ? { opens: opening.opens } : {}) } };
  if (client.callMode !== 'ring') return { ...greeting, ...recordFor };

  return ringOwnerOrVoicemail(call, business, client, callFields, deps);
}
