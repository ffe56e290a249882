import { MetricName } from '../../metric-names';
import type { NumberText, SignupConversation } from '../../ports/signup-store';
import { maskPhoneNumber, maskPhoneNumbersIn, type E164 } from '../numbers/phone-number';
import type { ResendPlan } from '../sending/delivery';
import {
  changeConversation,
  giveUpNumberText,
  settleNumberText,
  takeNumberText,
  tryToFinish,
  type NumberTextDeps,
  type NumberTextOutcome,
  type NumberTextRun,
  type NumberTextTry,
} from './number-text-run';

export {
  NUMBER_TEXT_GIVE_UP_AFTER_MS,
  NUMBER_TEXT_MAX_ATTEMPTS,
  type NumberTextDeps,
  type NumberTextOutcome,
} from './number-text-run';

/**
 * The owner's number text failed in a way worth another try (Twilio 5xx, 429, no answer): recorded on the conversation
 * as `queued`, and the owner put back on the waiting list, the one place the job reads, so its next run finishes it.
 * The list entry first: a run that dies between the two writes leaves an entry the next run just takes off.
 * Returns false (counted and logged critical) when it could not be recorded: nobody will send it.
 */
export async function recordNumberTextPending(
  phone: E164,
  retry: ResendPlan,
  deps: Pick<NumberTextDeps, 'signups' | 'logger' | 'metrics' | 'clock'>,
): Promise<boolean> {
  const fields = { owner: maskPhoneNumber(phone), purpose: retry.purpose };
  try {
    await deps.signups.addToWaitingList(phone, new Date(retry.since));
    const saved = await changeConversation(phone, deps, (conversation) => ({
      ...conversation,
      numberText: {
        body: retry.bodies.join(''),
        purpose: retry.purpose,
        from: retry.from,
        attempts: 0,
        delivery: {
          state: 'queued',
          reason: retry.reason,
          since: retry.since,
          ...(retry.providerCode ? { providerCode: retry.providerCode } : {}),
          ...(retry.lostAnswers.length > 0 ? { lostAnswers: retry.lostAnswers } : {}),
        },
      },
    }));
    if (!saved) throw new Error('the sign-up conversation is gone');
  } catch (error) {
    deps.metrics.count(MetricName.SMS_SEND_QUEUE_FAILED);
    deps.logger.critical('number text could not be recorded for another try: a text Twilio failed to take is lost', {
      ...fields,
      error: maskPhoneNumbersIn(String(error)),
    });
    return false;
  }
  deps.metrics.count(MetricName.SMS_SEND_QUEUED);
  deps.logger.warn('number text pending: the next waiting-list run sends it', {
    ...fields,
    reason: maskPhoneNumbersIn(retry.reason),
  });
  return true;
}

/** A number text still to finish: queued, or held by a run. */
export function numberTextPending(conversation: SignupConversation | undefined): conversation is SignupConversation & {
  numberText: NumberText;
} {
  const state = conversation?.numberText?.delivery.state;
  return state === 'queued' || state === 'sending';
}

/**
 * Finishes an owner's pending number text from the waiting-list job, at most once.
 * Primary course: take it (one conditional save on the conversation's version, `queued` -> `sending`, held
 * SEND_HOLD_MS: an overlapping run finds it changed or held and leaves it), look it up in Twilio's message log since the
 * first attempt (a timed-out send may have been created), send it if it is not there, and save it `sent` and take the
 * owner off the waiting list. A final refusal (21211...) is recorded `failed` and taken off; a retryable failure gives
 * it back (`queued`) for the next run; past NUMBER_TEXT_GIVE_UP_AFTER_MS or NUMBER_TEXT_MAX_ATTEMPTS it is recorded
 * `failed`, taken off and counted (onboarding.number_text_gave_up, which pages).
 */
export async function finishNumberText(
  conversation: SignupConversation & { numberText: NumberText },
  deps: NumberTextDeps,
): Promise<NumberTextOutcome> {
  const run = await takeNumberText(conversation, deps);
  if (!run) return 'held';
  return recordTry(run, await tryToFinish(run, deps), deps);
}

/** What one run's try comes to: recorded as sent, found, failed, given up, or given back for the next run. */
async function recordTry(run: NumberTextRun, tried: NumberTextTry, deps: NumberTextDeps): Promise<NumberTextOutcome> {
  const { fields, attempts } = run;
  if (tried.kind === 'found') {
    // The earlier attempt reached Twilio after all (its answer was lost): recorded, not sent again.
    deps.metrics.count(MetricName.SMS_RESEND_FOUND);
    deps.logger.info("number text found in Twilio's log: not sent again", fields);
    return (await settleNumberText(run, deps, { state: 'sent', sid: tried.sid }, true)) ? 'found' : 'held';
  }
  if (tried.kind === 'done') {
    if (tried.delivery.state === 'sent') {
      deps.metrics.count(MetricName.SMS_RESENT);
      deps.logger.info('number text sent', { ...fields, attempts });
      return (await settleNumberText(run, deps, tried.delivery, true)) ? 'sent' : 'held';
    }
    // Refused for good (sendText counted and logged it), or no longer allowed: recorded as such, taken off.
    await settleNumberText(run, deps, tried.delivery, true);
    return 'failed';
  }
  if (run.overdue) return giveUpNumberText(run, deps, tried.reason, tried.providerCode);
  deps.logger.warn('number text not sent this run: the next run tries again', {
    ...fields,
    attempts,
    reason: maskPhoneNumbersIn(tried.reason),
  });
  const { providerCode } = tried;
  const lost = [...run.lostAnswers, ...(tried.lostAnswers ?? [])];
  await settleNumberText(
    run,
    deps,
    {
      state: 'queued',
      reason: tried.reason,
      since: run.pending.since,
      ...(providerCode ? { providerCode } : {}),
      ...(lost.length > 0 ? { lostAnswers: lost } : {}),
    },
    false,
  );
  return 'retry-later';
}
