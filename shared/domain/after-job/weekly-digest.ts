import { MetricName } from '../../metric-names';
import type { DueOwnerText } from '../../ports/owner-text-queue';
import { businessTimeZone } from '../calls/call-settings';
import { dayBefore, localDay } from '../common/local-day';
import { dayAfter, instantAt, weekOf } from '../common/local-time';
import { sendToOwner } from '../sending/send-limits';
import * as smsText from '../sending/sms-text';
import { customerLabel } from '../sms/customer-key';
import {
  ownerTextId,
  settleOwnerText,
  type OwnerTextOutcome,
  type OwnerTextsDeps,
  type OwnerTextTry,
} from './owner-texts-run';
import { durationText, weekFigures, type WeekFigures } from './week-figures';

/** The digest goes on Monday at this hour, the business's own. */
export const DIGEST_HOUR = 8;
/** A digest not sent by this many hours after its time (the job down all Monday) waits for next week instead. */
export const DIGEST_LATEST_HOURS = 12;
/** Open jobs and closed jobs the digest reads at most (it says "500+ still open" past that). */
export const DIGEST_OPEN_JOBS_READ = 500;
export const DIGEST_CLOSED_JOBS_READ = 1000;

type DigestText = Extract<DueOwnerText, { kind: 'digest' }>;

/**
 * When the digest of the business's current week goes: `send` (now is within DIGEST_LATEST_HOURS of this Monday's
 * 08:00, its own clock), with the week before it; or `wait` until the next Monday 08:00.
 */
export function digestSlot(
  now: Date,
  timeZone: string,
): { send: true; week: string; monday: string } | { send: false; next: Date } {
  const monday = weekOf(localDay(now, timeZone));
  const slot = instantAt(monday, DIGEST_HOUR, timeZone);
  if (now < slot) return { send: false, next: slot };
  if (now.getTime() < slot.getTime() + DIGEST_LATEST_HOURS * 3_600_000)
    return { send: true, week: dayBefore(monday, 7), monday };
  return { send: false, next: instantAt(dayAfter(monday, 7), DIGEST_HOUR, timeZone) };
}

/**
 * The Monday digest: the business's week before (its own Monday to Sunday) in one text to the owner, at most once a week
 * (a marker per week under its partition, taken before the send), through the owner's budget and the destination policy
 * (sendToOwner); then the next Monday's is queued. DIGEST OFF (or a number no longer its) ends the series.
 */
export async function sendWeeklyDigest(
  attempt: OwnerTextTry<DigestText>,
  deps: OwnerTextsDeps,
): Promise<OwnerTextOutcome> {
  const { text, client, now } = attempt;
  const { business } = text;
  if (!client.digest) {
    await deps.queue.finish(text);
    return 'dropped';
  }
  const zone = businessTimeZone(client);
  const slot = digestSlot(now, zone);
  if (!slot.send) {
    await deps.queue.move(text, slot.next);
    return 'held';
  }
  const next = instantAt(dayAfter(slot.monday, 7), DIGEST_HOUR, zone);
  const from = instantAt(slot.week, 0, zone);
  const until = instantAt(slot.monday, 0, zone);
  const figures = weekFigures(
    { from, until },
    await deps.week.tally(business, slot.week),
    await deps.week.openJobs(business, DIGEST_OPEN_JOBS_READ),
    await deps.week.closedJobs(business, from, until, DIGEST_CLOSED_JOBS_READ),
  );
  const body = await deps.markers.mark(
    business,
    { kind: 'digest', week: slot.week },
    ownerTextId(text),
    digestText(slot.week, figures, zone),
    now,
  );
  if (!body) {
    // This week's went already (another queued digest of the business, from a change of zone): this one ends.
    await deps.queue.finish(text);
    return 'dropped';
  }
  if (attempt.lostAnswers.length > 0) {
    const windows = attempt.lostAnswers.map((window) => ({
      from: new Date(window.from),
      until: new Date(window.until),
    }));
    if (await deps.sentLog.findSent({ to: client.ownerPhone, from: business.number, body, windows })) {
      await deps.queue.move(text, next);
      return 'found';
    }
  }
  const delivery = await sendToOwner(business.number, client, [body], 'owner-digest', deps);
  if (delivery.state !== 'sent') return settleOwnerText(attempt, delivery, deps, () => deps.queue.move(text, next));
  deps.metrics.count(MetricName.SMS_DIGEST_SENT);
  await deps.queue.move(text, next);
  return 'sent';
}

/** The digest's words: the week's figures, the customer waiting longest (as JOBS shows them), the median reply. */
export function digestText(week: string, figures: WeekFigures, timeZone: string): string {
  const waiting = figures.oldestUnanswered;
  return smsText.ownerDigest({
    from: shortDate(week),
    missedCalls: figures.missedCalls,
    textedBack: figures.textedBack,
    jobsOpened: figures.jobsOpened,
    jobsClosed: figures.jobsClosed,
    stillOpen: `${figures.stillOpen}${figures.moreOpen ? '+' : ''}`,
    ...(waiting
      ? {
          oldestUnanswered: `#${waiting.ref} ${customerLabel(waiting.customer)} since ${shortDate(localDay(new Date(waiting.since), timeZone))}`,
        }
      : {}),
    ...(figures.medianReplyMinutes === undefined ? {} : { medianReply: durationText(figures.medianReplyMinutes) }),
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `30 Nov`. */
function shortDate(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
}
