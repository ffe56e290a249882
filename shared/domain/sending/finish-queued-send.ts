import type { DeliveryRecords } from '../../ports/delivery-records';
import { SmsSendError, type SentSmsLog } from '../../ports/message-sender';
import type { QueuedSend } from '../../ports/send-queue';
import { MetricName } from '../../metric-names';
import type { LogFields } from '../../ports/logger';
import { maskPhoneNumber, maskPhoneNumbersIn, type E164 } from '../numbers/phone-number';
import type { Delivery, LostAnswer } from './delivery';
import { sendText, type SendDeps } from './send-text';

export interface FinishSendDeps extends SendDeps {
  /** Twilio's message log: an attempt whose answer was lost is found there instead of being sent twice. */
  sentLog: SentSmsLog;
  deliveries: DeliveryRecords;
}

export type FinishedSend = 'sent' | 'found' | 'failed' | 'opted-out' | 'finished-elsewhere';

/**
 * How long one attempt holds a queued text: a lookup and a send per part, each within the Twilio API timeout, with
 * room to spare. A consumer that dies holding it leaves it to the attempt after the hold lapses.
 */
export const SEND_HOLD_MS = 60_000;

/** A queued text that cannot be finished now (not recorded yet, held by another attempt, Twilio failing): retried later. */
export class SendNotFinishedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SendNotFinishedError';
  }
}

/**
 * Finishes a text Twilio failed to take, from the redelivery queue, at most once.
 * Primary course: take the record's field (queued -> sending, conditional: a duplicate delivery of the queue message
 * finds it held and backs off), look each part up in Twilio's message log since the first attempt (a timed-out send
 * may have been created), send the parts not found, and write the field `sent`. A counterpart who opted out meanwhile
 * is sent nothing more. Budgets and caps were taken when the text was first planned: nothing is taken again. A retryable failure gives the field back (`queued`) and throws, so
 * the queue retries with its backoff and finally dead-letters it; a final refusal (21211, 21610...) is recorded failed.
 */
export async function finishQueuedSend(queued: QueuedSend, deps: FinishSendDeps): Promise<FinishedSend> {
  const hold = await takeHold(queued, deps);
  if (hold === 'finished-elsewhere') return hold;
  const { plan } = queued;
  const sids = [...plan.sentSids];
  let found = 0;
  let optOutChecked = false;
  for (const [index, body] of plan.bodies.entries()) {
    const sms = { to: plan.to, from: plan.from, body };
    const already = await findInLog(sms, hold);
    if (already) {
      // The earlier attempt reached Twilio after all (its answer was lost): recorded, not sent again.
      deps.metrics.count(MetricName.SMS_RESEND_FOUND);
      deps.logger.info("queued text found in Twilio's log: not sent again", {
        ...hold.fields,
        to: maskPhoneNumber(plan.to),
      });
      sids.push(already.sid);
      found += 1;
      continue;
    }
    // A counterpart who texted STOP while the text waited is sent nothing more: Twilio's carrier-level block (21610)
    // does not cover our own opt-out list.
    if (plan.recipient === 'counterpart' && !optOutChecked) {
      const optedOut = await hasOptedOut(hold);
      optOutChecked = true;
      if (optedOut) {
        deps.metrics.count(MetricName.SMS_RESEND_OPTED_OUT);
        deps.logger.info('queued text not sent: the recipient opted out while it waited', {
          ...hold.fields,
          to: maskPhoneNumber(plan.to),
        });
        await settleOrWarn(
          hold,
          sids.length > 0
            ? { state: 'sent', sid: sids.join(' ') }
            : { state: 'skipped', reason: 'recipient opted out before it could be sent' },
        );
        return 'opted-out';
      }
    }
    const delivery = await sendText(sms, plan.purpose, deps, plan.recipient);
    if (delivery.state === 'sent') {
      sids.push(delivery.sid);
      continue;
    }
    await settleNotSent(hold, delivery, index);
    return 'failed';
  }
  await settleOrWarn(hold, { state: 'sent', sid: sids.join(' ') });
  if (found < plan.bodies.length) deps.metrics.count(MetricName.SMS_RESENT);
  deps.logger.info('queued text sent', { ...hold.fields, to: maskPhoneNumber(plan.to), found });
  return found === plan.bodies.length ? 'found' : 'sent';
}

/** This attempt's hold on a queued text's field: what it settles, and where Twilio may have created the text already. */
interface Hold {
  queued: QueuedSend;
  attempt: string;
  fields: LogFields;
  /** The attempts whose answer was lost, this text's own only. */
  lostAnswers: LostAnswer[];
  deps: FinishSendDeps;
}

/**
 * Takes the record's field (queued -> sending, conditional: a duplicate delivery of the queue message finds it held and
 * backs off). Already finished: nothing to do; held by another attempt or not recorded yet: retried later.
 */
async function takeHold(queued: QueuedSend, deps: FinishSendDeps): Promise<Hold | 'finished-elsewhere'> {
  const { target, plan } = queued;
  const now = deps.clock.now();
  const attempt = `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const fields = { record: target.record, sid: target.sid, field: target.field, purpose: plan.purpose };
  const until = new Date(now.getTime() + SEND_HOLD_MS);
  const taken = await deps.deliveries.take(target, { attempt, now, until, holdMs: SEND_HOLD_MS });
  if (!taken.taken) {
    if (taken.why === 'finished') {
      deps.logger.info('queued text already finished: nothing sent', { ...fields, state: taken.delivery.state });
      return 'finished-elsewhere';
    }
    throw new SendNotFinishedError(
      taken.why === 'held'
        ? 'queued text held by another attempt: retried later'
        : 'queued text not recorded yet: retried later',
    );
  }
  // Where Twilio may have created this text already: the attempts whose answer was lost, this text's own only.
  const lostAnswers = distinctWindows([...(plan.lostAnswers ?? []), ...taken.lostAnswers]);
  return { queued, attempt, fields, lostAnswers, deps };
}

/** The part in Twilio's message log, when an earlier attempt's lost answer may have created it. */
async function findInLog(
  sms: { to: E164; from: E164; body: string },
  hold: Hold,
): Promise<{ sid: string } | undefined> {
  // Only a lost answer can have created it: a 5xx or a 429 was refused, and an identical text to the same person
  // since then (a second acknowledgement) is another text, not this one.
  if (hold.lostAnswers.length === 0) return undefined;
  try {
    return await hold.deps.sentLog.findSent({
      ...sms,
      windows: hold.lostAnswers.map((window) => ({ from: new Date(window.from), until: new Date(window.until) })),
    });
  } catch (error) {
    const reason = `Twilio's message log could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return giveBack(hold, reason, error instanceof SmsSendError ? error.providerCode : undefined);
  }
}

async function hasOptedOut(hold: Hold): Promise<boolean> {
  const { plan } = hold.queued;
  try {
    return await hold.deps.contacts.hasOptedOut(plan.from, plan.to);
  } catch (error) {
    return giveBack(hold, `opt-out state could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A part Twilio did not take: given back to be retried, or, refused for good, recorded with the parts that did go out. */
async function settleNotSent(hold: Hold, delivery: Exclude<Delivery, { state: 'sent' }>, index: number): Promise<void> {
  const { plan } = hold.queued;
  const parts = plan.sentSids.length + plan.bodies.length;
  const part = parts > 1 ? `part ${plan.sentSids.length + index + 1} of ${parts}: ` : '';
  if (delivery.state === 'failed' && delivery.retry)
    return giveBack(hold, `${part}${delivery.error}`, delivery.providerCode, delivery.retry.lostAnswers);
  // Refused for good (or no longer allowed): recorded as such, with the parts that did go out.
  const final: Delivery =
    delivery.state === 'failed'
      ? {
          state: 'failed',
          error: `${part}${delivery.error}`,
          ...(delivery.providerCode ? { providerCode: delivery.providerCode } : {}),
        }
      : delivery;
  await settleOrWarn(hold, final);
}

/** Gives the field back (`queued`, with every lost answer so far) and throws, so the queue retries with its backoff. */
async function giveBack(hold: Hold, reason: string, providerCode?: number, lostNow: LostAnswer[] = []): Promise<never> {
  const { queued, attempt, fields, deps } = hold;
  const lost = distinctWindows([...hold.lostAnswers, ...lostNow]);
  const queuedAgain: Delivery = {
    state: 'queued',
    reason,
    since: queued.plan.since,
    ...(providerCode ? { providerCode } : {}),
    ...(lost.length > 0 ? { lostAnswers: lost } : {}),
  };
  await deps.deliveries.settle(queued.target, attempt, queuedAgain).catch((error: unknown) =>
    // The hold lapses on its own: the next attempt takes it over.
    deps.logger.error('could not give a queued text back: its hold lapses', { ...fields, error: String(error) }),
  );
  throw new SendNotFinishedError(`queued text not sent: ${maskPhoneNumbersIn(reason)}`);
}

async function settleOrWarn(hold: Hold, delivery: Delivery): Promise<void> {
  if (!(await hold.deps.deliveries.settle(hold.queued.target, hold.attempt, delivery)))
    // Only if this attempt outlived its hold and another took over; what was sent is in the log.
    hold.deps.logger.error('queued text outlived its hold: its record was not updated', {
      ...hold.fields,
      state: delivery.state,
    });
}

function distinctWindows(windows: readonly LostAnswer[]): LostAnswer[] {
  const seen = new Map(windows.map((window) => [`${window.from}/${window.until}`, window]));
  return [...seen.values()];
}
