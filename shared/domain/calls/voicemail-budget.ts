import { MetricName } from '../../metric-names';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { BudgetTake, SendBudget } from '../../ports/send-budget';
import { maskPhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import type { NumberDirectory } from '../../ports/number-directory';
import type { Client } from '../numbers/number-role';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { VOICEMAIL_DONE_GATE } from '../numbers/route-gates';
import { tenureOf } from '../numbers/tenure';
import { businessDay } from './call-settings';
import type { VoiceAnswer } from './voice-answer';
import { spokenIn, type Language } from '../texts/language';

/**
 * VOICEMAILS_PER_CALLER: at most this many voicemails per caller per business per day of the business reach the
 * owner, so one (spoofed) caller cannot spend the owner's daily budget on voicemails. Withheld callers share one line.
 */
export function voicemailTake(
  business: E164,
  client: Client,
  caller: E164 | undefined,
  limit: number,
  at: Date,
): BudgetTake {
  return {
    business: tenureOf(client, business),
    line: { kind: 'voicemails', caller: caller ?? 'withheld' },
    limit,
    day: businessDay(client, at),
  };
}

export interface EndVoicemailDeps extends RoleRules {
  directory: NumberDirectory;
  budget: SendBudget;
  voicemailsPerCallerPerDay: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The <Record action>: the recording has ended, the caller may still be on the line. A caller whose voicemails today
 * have used VOICEMAILS_PER_CALLER hears that the mailbox is full (the transcription of this one will not reach the
 * owner); anyone else hears goodbye. Two reads (the role gate's Query, the budget's GetItem); a DynamoDB failure says
 * goodbye (the count is the transcription's).
 */
export async function endVoicemail(
  call: { callSid: string; to: string; from: string },
  deps: EndVoicemailDeps,
): Promise<VoiceAnswer> {
  const fields = { callSid: call.callSid, to: maskPhoneNumber(call.to), from: maskPhoneNumber(call.from) };
  // Issue 19: said in the business's language, known once the role gate has read its client (no extra read).
  let spoken: { language?: Language } = {};
  try {
    // The budget is the business's (its tenure of the number): the role gate finds the client, one Query.
    const gate = await passRoleGate(
      VOICEMAIL_DONE_GATE,
      { to: call.to, fields },
      async (phone) => ({ business: await deps.directory.lookup(phone) }),
      deps,
    );
    if (gate.kind !== 'client') return { kind: refuse(gate, deps) };
    const { phone: business, client } = gate.number;
    spoken = spokenIn(client);
    const take = voicemailTake(
      business,
      client,
      textableCallerNumber(call.from),
      deps.voicemailsPerCallerPerDay,
      deps.clock.now(),
    );
    if ((await deps.budget.used(take.business, take.line, take.day)) < take.limit)
      return { kind: 'goodbye', ...spoken };
  } catch (error) {
    deps.logger.error('voicemail budget could not be read: goodbye', { ...fields, error: String(error) });
    return { kind: 'goodbye', ...spoken };
  }
  deps.logger.warn('voicemail budget of this caller spent: mailbox full', fields);
  return { kind: 'mailbox-full', ...spoken };
}

/** The transcription's take, once per RecordingSid: false (counted, logged) when the caller's voicemails today are spent. */
export async function takeVoicemailBudget(
  business: E164,
  client: Client,
  caller: E164 | undefined,
  deps: { budget: SendBudget; voicemailsPerCallerPerDay: number; clock: Clock; logger: Logger; metrics: Metrics },
  fields: Record<string, string | undefined>,
): Promise<boolean> {
  const take = voicemailTake(business, client, caller, deps.voicemailsPerCallerPerDay, deps.clock.now());
  let granted: boolean;
  try {
    granted = await deps.budget.take(take);
  } catch (error) {
    // Claimed once already: a DynamoDB failure here errs towards telling the owner (the owner cap still applies).
    deps.logger.error('voicemail budget could not be taken: owner told', { ...fields, error: String(error) });
    return true;
  }
  if (granted) return true;
  deps.metrics.count(MetricName.VOICEMAIL_LIMITED);
  deps.logger.warn('voicemail budget of this caller spent: kept on the job, owner not texted', {
    ...fields,
    voicemailsPerCallerPerDay: deps.voicemailsPerCallerPerDay,
  });
  return false;
}
