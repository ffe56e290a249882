import { MetricName } from '../../metric-names';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { BudgetTake, SendBudget } from '../../ports/send-budget';
import { maskPhoneNumber, normalizePhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import type { Client } from '../numbers/number-role';
import { businessDay } from './call-settings';
import type { VoiceAnswer } from './voice-answer';

/**
 * VOICEMAILS_PER_CALLER: at most this many voicemails per caller per business per day of the business reach the
 * owner, so one (spoofed) caller cannot spend the owner's daily budget on voicemails. Withheld callers share one line.
 */
export function voicemailTake(
  business: E164,
  client: Pick<Client, 'timeZone' | 'twilioNumber'>,
  caller: E164 | undefined,
  limit: number,
  at: Date,
): BudgetTake {
  return { business, line: { kind: 'voicemails', caller: caller ?? 'withheld' }, limit, day: businessDay(client, at) };
}

export interface EndVoicemailDeps {
  budget: SendBudget;
  voicemailsPerCallerPerDay: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The <Record action>: the recording has ended, the caller may still be on the line. A caller whose voicemails today
 * have used VOICEMAILS_PER_CALLER hears that the mailbox is full (the transcription of this one will not reach the
 * owner); anyone else hears goodbye. One read; a DynamoDB failure says goodbye (the count is the transcription's).
 */
export async function endVoicemail(
  call: { callSid: string; to: string; from: string },
  deps: EndVoicemailDeps,
): Promise<VoiceAnswer> {
  const business = normalizePhoneNumber(call.to);
  if (!business) return { kind: 'goodbye' };
  // No client is read here (no DynamoDB call but the budget's): the day is the number's country's.
  const { line, limit, day } = voicemailTake(
    business,
    { twilioNumber: business },
    textableCallerNumber(call.from),
    deps.voicemailsPerCallerPerDay,
    deps.clock.now(),
  );
  try {
    if ((await deps.budget.used(business, line, day)) < limit) return { kind: 'goodbye' };
  } catch (error) {
    deps.logger.error('voicemail budget could not be read: goodbye', { callSid: call.callSid, error: String(error) });
    return { kind: 'goodbye' };
  }
  deps.logger.warn('voicemail budget of this caller spent: mailbox full', {
    callSid: call.callSid,
    to: maskPhoneNumber(call.to),
    from: maskPhoneNumber(call.from),
  });
  return { kind: 'mailbox-full' };
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
