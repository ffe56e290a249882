import { MetricName } from '../../metric-names';
import type { DueOwnerText } from '../../ports/owner-text-queue';
import { businessDay, businessTimeZone, defaultTimeZone } from '../calls/call-settings';
import { isNeverTexted } from '../calls/never-text';
import { nextLocalHour, withinLocalHours } from '../common/local-time';
import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import type { Tenure } from '../numbers/tenure';
import { refusedDestination, sendText } from '../sending/send-text';
import { automatedTextTake, takeBudget } from '../sending/send-limits';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import {
  ownerTextId,
  settleOwnerText,
  type OwnerTextOutcome,
  type OwnerTextsDeps,
  type OwnerTextTry,
} from './owner-texts-run';

/** At most one review request per customer per business in this many days. */
export const REVIEW_REQUEST_EVERY_DAYS = 90;
/** A request that could not go within this many days of DONE (the job down, Twilio failing) is dropped, not sent late. */
export const REVIEW_REQUEST_LATEST_DAYS = 3;

/**
 * The customer's clock: their number's country's zone where it has one (UK, Ireland), else the business's (its HOURS
 * zone, or its number's country's): a business's customers are local to it, and a NANP number says nothing of its zone.
 */
export function customerTimeZone(client: Pick<Client, 'timeZone' | 'twilioNumber'>, customer: E164): string {
  return defaultTimeZone(customer) ?? businessTimeZone(client);
}

type ReviewText = Extract<DueOwnerText, { kind: 'review' }>;

/**
 * Sends a finished job's review request, or holds it until the customer's REVIEW_HOURS open. Nothing goes when the
 * owner has turned REVIEWS off, the customer is on the never-text list or has opted out (STOP, kept with the number),
 * the destination policy refuses the number, the customer's automated texts for the day or the business's DAILY_SMS_CAP
 * are spent, or this business asked them in the last 90 days (a marker under its partition, taken before the send).
 */
export async function sendReviewRequest(
  attempt: OwnerTextTry<ReviewText>,
  deps: OwnerTextsDeps,
): Promise<OwnerTextOutcome> {
  const { text, client, now } = attempt;
  const { customer, business } = text;
  const link = client.reviewLink;
  const drop = async (why: string): Promise<OwnerTextOutcome> => {
    await deps.queue.finish(text);
    deps.logger.info('review request not sent', { clientId: business.clientId, jobRef: text.jobRef, why });
    return 'dropped';
  };
  if (!link) return drop('REVIEWS is off');
  if (isNeverTexted(client, customer)) return drop('on the never-text list');
  if (now.getTime() - Date.parse(text.queuedAt) > REVIEW_REQUEST_LATEST_DAYS * 86_400_000) return drop('too late');
  const zone = customerTimeZone(client, customer);
  const { from, until } = deps.ownerTexts.reviewHours;
  if (!withinLocalHours(now, zone, from, until)) {
    await deps.queue.move(text, nextLocalHour(now, zone, from));
    return 'held';
  }
  if (await deps.contacts.hasOptedOut(business.number, customer)) return drop('opted out');
  if (refusedDestination(customer, 'review-request', deps)) return drop('destination refused');
  const budget = automatedTextTake(business, businessDay(client, now), customer, deps);
  if (!(await takeBudget(budget, deps, 'refuse'))) return drop("the customer's automated texts for today are spent");
  // The business's texts to customers for the day: a spoofed owner closing thousands of jobs spends DAILY_SMS_CAP only.
  if (!(await reserveFromDailyCap(business, client, now, deps))) return drop('daily SMS cap reached');
  const since = new Date(now.getTime() - REVIEW_REQUEST_EVERY_DAYS * 86_400_000);
  const body = await deps.markers.mark(
    business,
    { kind: 'review', customer, since },
    ownerTextId(text),
    customerText.reviewRequest[languageOf(client)](client.businessName, link),
    now,
  );
  if (!body) return drop('asked in the last 90 days');
  const sms = { to: customer, from: business.number, body };
  if (attempt.lostAnswers.length > 0) {
    const windows = attempt.lostAnswers.map((window) => ({
      from: new Date(window.from),
      until: new Date(window.until),
    }));
    if (await deps.sentLog.findSent({ ...sms, windows })) {
      await deps.queue.finish(text);
      return 'found';
    }
  }
  const delivery = await sendText(sms, 'review-request', deps, 'counterpart');
  if (delivery.state !== 'sent') return settleOwnerText(attempt, delivery, deps, () => deps.queue.finish(text));
  deps.metrics.count(MetricName.SMS_REVIEW_REQUESTED);
  await deps.queue.finish(text);
  return 'sent';
}

/** One send against the business's DAILY_SMS_CAP (its tenure's ledger); an unreadable cap sends nothing (optional). */
async function reserveFromDailyCap(
  business: Tenure,
  client: Client,
  now: Date,
  deps: OwnerTextsDeps,
): Promise<boolean> {
  const reservation = {
    business,
    sends: 1,
    dailyCap: deps.rules.dailySmsCap,
    day: businessDay(client, now),
  };
  const granted = await deps.ledger.reserveSends(reservation).then(
    (answer) => answer.granted,
    (error: unknown) => {
      deps.logger.error('daily cap could not be read: no review request', {
        clientId: client.id,
        error: String(error),
      });
      return false;
    },
  );
  if (!granted) deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
  return granted;
}
