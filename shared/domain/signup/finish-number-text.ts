import { randomUUID } from 'node:crypto';
import { MetricName } from '../../metric-names';
import { SmsSendError, type SentSmsLog } from '../../ports/message-sender';
import type { NumberText, SignupConversation, SignupStore } from '../../ports/signup-store';
import { maskPhoneNumber, maskPhoneNumbersIn, type E164 } from '../numbers/phone-number';
import type { Delivery, LostAnswer, ResendPlan } from '../sending/delivery';
import { SEND_HOLD_MS } from '../sending/finish-queued-send';
import { sendText, type SendDeps } from '../sending/send-text';

export interface NumberTextDeps extends SendDeps {
  signups: SignupStore;
  /** Twilio's message log: a run whose answer was lost is found there instead of being sent twice. */
  sentLog: SentSmsLog;
}

/** An owned text is given up this long after its first attempt: counted, and it pages. */
export const NUMBER_TEXT_GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** ...or after this many runs took it (a day of 5-minute runs), whichever comes first: the Twilio calls stay bounded. */
export const NUMBER_TEXT_MAX_ATTEMPTS = 288;
/** How many times a write that lost to another change of the conversation is based again on the newer version. */
const SAVE_TRIES = 3;

export type NumberTextOutcome = 'sent' | 'found' | 'failed' | 'gave-up' | 'retry-later' | 'held';

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
  const now = deps.clock.now();
  const { phone, numberText: text } = conversation;
  if (text.delivery.state !== 'queued' && text.delivery.state !== 'sending') return 'held';
  const pending: Extract<Delivery, { state: 'queued' | 'sending' }> = text.delivery;
  const firstCode = pending.state === 'queued' ? pending.providerCode : undefined;
  const fields = { owner: maskPhoneNumber(phone), purpose: text.purpose };
  // A run that holds it now (or died holding it, until its hold lapses) is left alone.
  if (pending.state === 'sending' && Date.parse(pending.until) > now.getTime()) return 'held';

  const attempt = randomUUID();
  const attempts = text.attempts + 1;
  // Where Twilio may have created it already: the attempts whose answer was lost, and a run that died holding it.
  const lostAnswers: LostAnswer[] = [
    ...(pending.lostAnswers ?? []),
    ...(pending.state === 'sending'
      ? [{ from: new Date(Date.parse(pending.until) - SEND_HOLD_MS).toISOString(), until: pending.until }]
      : []),
  ];
  const held: SignupConversation = {
    ...conversation,
    numberText: {
      ...text,
      attempts,
      delivery: {
        state: 'sending',
        reason: pending.reason,
        since: pending.since,
        until: new Date(now.getTime() + SEND_HOLD_MS).toISOString(),
        attempt,
        ...(lostAnswers.length > 0 ? { lostAnswers } : {}),
      },
    },
    updatedAt: now.toISOString(),
    version: conversation.version + 1,
  };
  // The conditional take: of two overlapping runs, one lands; the other finds the version moved on and sends nothing.
  if (!(await deps.signups.save(held, conversation.version))) return 'held';

  const since = new Date(pending.since);
  const sms = { to: phone, from: text.from, body: text.body };
  const overdue =
    attempts >= NUMBER_TEXT_MAX_ATTEMPTS || now.getTime() - since.getTime() >= NUMBER_TEXT_GIVE_UP_AFTER_MS;

  const tried = await tryToFinish();
  if (tried.kind === 'found') {
    // The earlier attempt reached Twilio after all (its answer was lost): recorded, not sent again.
    deps.metrics.count(MetricName.SMS_RESEND_FOUND);
    deps.logger.info("number text found in Twilio's log: not sent again", fields);
    return (await settle({ state: 'sent', sid: tried.sid }, true)) ? 'found' : 'held';
  }
  if (tried.kind === 'done') {
    if (tried.delivery.state === 'sent') {
      deps.metrics.count(MetricName.SMS_RESENT);
      deps.logger.info('number text sent', { ...fields, attempts });
      return (await settle(tried.delivery, true)) ? 'sent' : 'held';
    }
    // Refused for good (sendText counted and logged it), or no longer allowed: recorded as such, taken off.
    await settle(tried.delivery, true);
    return 'failed';
  }
  if (overdue) return giveUp(tried.reason, tried.providerCode);
  deps.logger.warn('number text not sent this run: the next run tries again', {
    ...fields,
    attempts,
    reason: maskPhoneNumbersIn(tried.reason),
  });
  const { providerCode } = tried;
  const lost = [...lostAnswers, ...(tried.lostAnswers ?? [])];
  await settle(
    {
      state: 'queued',
      reason: tried.reason,
      since: pending.since,
      ...(providerCode ? { providerCode } : {}),
      ...(lost.length > 0 ? { lostAnswers: lost } : {}),
    },
    false,
  );
  return 'retry-later';

  /** The Twilio side of one run: the lookup, then (unless overdue or opted out) the send. Writes nothing. */
  async function tryToFinish(): Promise<
    | { kind: 'found'; sid: string }
    | { kind: 'done'; delivery: Delivery }
    | { kind: 'not-now'; reason: string; providerCode?: number; lostAnswers?: LostAnswer[] }
  > {
    const failure = (what: string, error: unknown) => ({
      kind: 'not-now' as const,
      reason: `${what}: ${error instanceof Error ? error.message : String(error)}`,
      ...(error instanceof SmsSendError && error.providerCode ? { providerCode: error.providerCode } : {}),
    });
    let already: { sid: string } | undefined;
    try {
      // Only a lost answer can have created it: an identical text since then is another one.
      if (lostAnswers.length > 0)
        already = await deps.sentLog.findSent({
          ...sms,
          windows: lostAnswers.map((window) => ({ from: new Date(window.from), until: new Date(window.until) })),
        });
    } catch (error) {
      return failure("Twilio's message log could not be read", error);
    }
    if (already) return { kind: 'found', sid: already.sid };
    if (overdue) return { kind: 'not-now', reason: pending.reason, ...(firstCode ? { providerCode: firstCode } : {}) };
    // Someone who texted STOP to the sign-up number meanwhile is sent nothing more.
    let optedOut: boolean;
    try {
      optedOut = await deps.contacts.hasOptedOut(text.from, phone);
    } catch (error) {
      return failure('opt-out state could not be read', error);
    }
    if (optedOut) {
      deps.metrics.count(MetricName.SMS_RESEND_OPTED_OUT);
      deps.logger.info('number text not sent: the owner opted out while it waited', fields);
      return { kind: 'done', delivery: { state: 'skipped', reason: 'recipient opted out before it could be sent' } };
    }
    const delivery = await sendText(sms, text.purpose, deps);
    if (delivery.state === 'failed' && delivery.retry)
      return {
        kind: 'not-now',
        reason: delivery.error,
        ...(delivery.providerCode ? { providerCode: delivery.providerCode } : {}),
        lostAnswers: delivery.retry.lostAnswers,
      };
    return { kind: 'done', delivery };
  }

  async function giveUp(lastReason: string, code?: number): Promise<NumberTextOutcome> {
    deps.metrics.count(MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP);
    deps.logger.error('number text given up: the owner was never told their number', {
      ...fields,
      attempts,
      since: pending.since,
      reason: maskPhoneNumbersIn(lastReason),
    });
    await settle(
      {
        state: 'failed',
        error: `given up after ${attempts} runs: ${lastReason}`,
        ...(code ? { providerCode: code } : {}),
      },
      true,
    );
    return 'gave-up';
  }

  /**
   * Writes the outcome on the conversation while this run still holds it (an owner's text may have saved it meanwhile:
   * the outcome is based again on the newer version), and takes a finished one off the waiting list.
   */
  async function settle(delivery: Delivery, finished: boolean): Promise<boolean> {
    const outcome = (current: SignupConversation): SignupConversation => ({
      ...current,
      numberText: { ...text, attempts, delivery },
    });
    const settled =
      (await deps.signups.save(
        { ...outcome(held), updatedAt: deps.clock.now().toISOString(), version: held.version + 1 },
        held.version,
      )) ||
      (await changeConversation(phone, deps, (current) => {
        const holder = current.numberText?.delivery;
        if (holder?.state !== 'sending' || holder.attempt !== attempt) return undefined;
        return outcome(current);
      }));
    if (!settled) {
      // Only if this run outlived its hold and another took over; what was sent is in Twilio's log.
      deps.logger.error('number text outlived its hold: its outcome was not recorded', {
        ...fields,
        state: delivery.state,
      });
      return false;
    }
    if (finished) await deps.signups.removeFromWaitingList(phone);
    return true;
  }
}

/**
 * Reads the conversation and saves `change` of it on its version; a save that lost to another change is based again
 * on the newer version, a few times. False when there is no conversation, `change` declines, or it kept losing.
 */
async function changeConversation(
  phone: E164,
  deps: Pick<NumberTextDeps, 'signups' | 'clock'>,
  change: (current: SignupConversation) => SignupConversation | undefined,
): Promise<boolean> {
  for (let tries = 0; tries < SAVE_TRIES; tries += 1) {
    const current = await deps.signups.get(phone);
    const next = current && change(current);
    if (!current || !next) return false;
    const saved = await deps.signups.save(
      { ...next, updatedAt: deps.clock.now().toISOString(), version: current.version + 1 },
      current.version,
    );
    if (saved) return true;
  }
  return false;
}
