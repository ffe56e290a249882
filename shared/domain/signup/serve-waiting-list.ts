import type { RestingNumbers } from '../../ports/resting-numbers';
import type { SignupStore } from '../../ports/signup-store';
import type { E164 } from '../numbers/phone-number';
import { sendText, type SendDeps } from '../sending/send-text';
import * as smsText from '../sending/sms-text';
import { assignOrWait, type AssignDeps } from './assign-or-wait';
import {
  finishNumberText,
  numberTextPending,
  recordNumberTextPending,
  type NumberTextDeps,
} from './finish-number-text';

export interface ServeWaitingListDeps extends AssignDeps, SendDeps, NumberTextDeps {
  /** Owners are told their number from the sign-up number they texted. */
  onboardingNumber: E164;
  /** Released numbers resting before reuse: those whose rest is over go back to the pool first. */
  restingNumbers: RestingNumbers;
  /** The run lists the waiting list. */
  signups: SignupStore;
}

/**
 * Gives waiting owners their numbers once the pool (and this hour's assignment slots) allow, first come first served,
 * and tells owners an operator rejected so. Run on a schedule; reads only the waiting list, never scans.
 * A number text Twilio failed to take (5xx, 429, no answer) is recorded on the conversation and the owner kept on the
 * list: the next runs finish it, at most once (finishNumberText).
 */
export async function serveWaitingList(
  deps: ServeWaitingListDeps,
): Promise<{ assigned: number; stillWaiting: number }> {
  let assigned = 0;
  let stillWaiting = 0;
  let full = false;
  await endRests(deps);
  for (const phone of await deps.signups.waitingList()) {
    const conversation = await deps.signups.get(phone);
    // Owed a text from an earlier run: finished (or left for the next run) whatever the pool holds.
    if (numberTextPending(conversation)) {
      await finishNumberText(conversation, deps);
      continue;
    }
    if (conversation?.step === 'REJECTED' && !conversation.rejectionSent) {
      await tellRejected(conversation, deps);
      continue;
    }
    if (conversation?.step !== 'WAITING_FOR_NUMBER') {
      await deps.signups.removeFromWaitingList(phone);
      continue;
    }
    // Behind a full pool or hour, owners keep their place; only rejections still go out.
    if (full) continue;
    const step = await assignOrWait(conversation, deps);
    // Another business took a look-alike name since this one was chosen: the owner is asked for another name.
    const askedForAnotherName = step.kind === 'saved' && step.step === 'ASK_BUSINESS_NAME';
    if (!askedForAnotherName && (step.kind !== 'saved' || step.step !== 'DONE')) {
      stillWaiting += 1;
      // The pool or this hour's slots ran out: the owners behind this one wait too (rejections are still told).
      full = true;
      continue;
    }
    if (!askedForAnotherName) assigned += 1;
    if (step.kind !== 'saved' || !step.reply) continue;
    const delivery = await sendText(
      { to: phone, from: deps.onboardingNumber, body: step.reply.body },
      step.reply.purpose,
      deps,
    );
    if (delivery.state === 'failed' && delivery.retry) await recordNumberTextPending(phone, delivery.retry, deps);
  }
  return { assigned, stillWaiting };
}

/** The polite "no": marked sent before it goes, so a failure after it never sends it twice. */
async function tellRejected(
  conversation: NonNullable<Awaited<ReturnType<ServeWaitingListDeps['signups']['get']>>>,
  deps: ServeWaitingListDeps,
): Promise<void> {
  const now = deps.clock.now();
  const saved = await deps.signups.save(
    { ...conversation, rejectionSent: true, updatedAt: now.toISOString(), version: conversation.version + 1 },
    conversation.version,
  );
  if (saved)
    await sendText(
      { to: conversation.phone, from: deps.onboardingNumber, body: smsText.onboardingRejected() },
      'onboarding-rejected',
      deps,
    );
  await deps.signups.removeFromWaitingList(conversation.phone);
}

/**
 * Released numbers whose rest (NUMBER_QUARANTINE_DAYS) is over go back to the pool before anyone is served, so the
 * owners waiting get them in this same run. A failure here serves the list all the same: the next run ends the rests.
 */
async function endRests(deps: ServeWaitingListDeps): Promise<void> {
  try {
    const { returned, stillResting } = await deps.restingNumbers.endRests(
      deps.clock.now(),
      deps.signupRules.numberQuarantineDays,
    );
    if (returned.length > 0 || stillResting > 0)
      deps.logger.info('released numbers: rests ended, back in the pool', { returned: returned.length, stillResting });
  } catch (error) {
    deps.logger.error('could not end the rests of released numbers: the next run tries again', {
      error: String(error),
    });
  }
}
