import type { DueOwnerText } from '../../ports/owner-text-queue';
import { maskPhoneNumbersIn } from '../numbers/phone-number';
import { tenureOwner } from '../numbers/tenure-owner';
import { OWNER_TEXT_HOLD_MS, type OwnerTextOutcome, type OwnerTextsDeps } from './owner-texts-run';
import { sendReviewRequest } from './review-request';
import { sendWeeklyDigest } from './weekly-digest';

export type OwnerTextsRunResult = Record<OwnerTextOutcome | 'failed', number>;

/**
 * Issue 19, the owner-texts job (every 15 minutes): the queued texts that are due, earliest first, at most `perRun`
 * (one Query; the rest wait for the next run), OWNER_TEXTS_AT_ONCE at a time. Each is taken with a conditional write before anything is sent, so
 * overlapping runs never both send it; a run that dies leaves it to the next one once its hold has passed, which looks
 * it up in Twilio's log before sending again. A run that did not happen (the job down for hours) is caught up by the
 * next: everything due is still there. Nothing is sent for a business that no longer holds its number (tenureOwner).
 */
export async function sendOwnerTexts(deps: OwnerTextsDeps): Promise<OwnerTextsRunResult> {
  const result: OwnerTextsRunResult = {
    sent: 0,
    found: 0,
    held: 0,
    dropped: 0,
    retry: 0,
    'gave-up': 0,
    taken: 0,
    failed: 0,
  };
  const now = deps.clock.now();
  const due = await deps.queue.listDue(now, deps.ownerTexts.perRun);
  // A few at a time: Monday 08:00 makes every digest of a zone due at once, and each waits on Twilio.
  for (let start = 0; start < due.length; start += OWNER_TEXTS_AT_ONCE) {
    const outcomes = await Promise.all(
      due.slice(start, start + OWNER_TEXTS_AT_ONCE).map((text) => sendOrRecordFailure(text, now, deps)),
    );
    for (const outcome of outcomes) result[outcome] += 1;
  }
  return result;
}

/** Texts a run works on at once. */
export const OWNER_TEXTS_AT_ONCE = 10;

async function sendOrRecordFailure(
  text: DueOwnerText,
  now: Date,
  deps: OwnerTextsDeps,
): Promise<OwnerTextOutcome | 'failed'> {
  try {
    return await sendOwnerText(text, now, deps);
  } catch (error) {
    // Still held until its hold passes: the next run after that tries it again.
    deps.logger.error('owner text failed: the next run tries again', {
      kind: text.kind,
      clientId: text.business.clientId,
      error: maskPhoneNumbersIn(String(error)),
    });
    return 'failed';
  }
}

async function sendOwnerText(text: DueOwnerText, now: Date, deps: OwnerTextsDeps): Promise<OwnerTextOutcome> {
  const taken = await deps.queue.take(text, now, new Date(now.getTime() + OWNER_TEXT_HOLD_MS));
  if (!taken.taken) return 'taken';
  const client = tenureOwner(text.business, await deps.directory.lookup(text.business.number), deps);
  if (!client) {
    // The number changed hands, rests, or lost its client: nothing is sent in the last owner's name.
    await deps.queue.finish(text);
    deps.logger.info('owner text dropped: the business no longer holds its number', {
      clientId: text.business.clientId,
    });
    return 'dropped';
  }
  const attempt = { client, now, lostAnswers: taken.lostAnswers };
  return text.kind === 'review'
    ? sendReviewRequest({ ...attempt, text }, deps)
    : sendWeeklyDigest({ ...attempt, text }, deps);
}
