import { randomUUID } from 'node:crypto';
import { MetricName } from '../../metric-names';
import type { LogFields } from '../../ports/logger';
import { SmsSendError, type SentSmsLog } from '../../ports/message-sender';
import type { NumberText, SignupConversation, SignupConversationStore } from '../../ports/signup-store';
import { maskPhoneNumber, maskPhoneNumbersIn, type E164 } from '../numbers/phone-number';
import type { Delivery, LostAnswer } from '../sending/delivery';
import { SEND_HOLD_MS } from '../sending/finish-queued-send';
import { sendText, type SendDeps } from '../sending/send-text';

export interface NumberTextDeps extends SendDeps {
  signups: SignupConversationStore;
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

/** One waiting-list run that holds an owner's number text: what it took, and since when. */
export interface NumberTextRun {
  phone: E164;
  text: NumberText;
  pending: Extract<Delivery, { state: 'queued' | 'sending' }>;
  /** The conversation as this run saved it, holding the text (`sending`, this `attempt`). */
  held: SignupConversation;
  attempt: string;
  attempts: number;
  /** Where Twilio may have created it already: the attempts whose answer was lost, and a run that died holding it. */
  lostAnswers: LostAnswer[];
  /** Past NUMBER_TEXT_GIVE_UP_AFTER_MS or NUMBER_TEXT_MAX_ATTEMPTS: looked up once more, never sent. */
  overdue: boolean;
  fields: LogFields;
}

/** What the Twilio side of one run found: already sent, finished (sent, refused, skipped), or not this time. */
export type NumberTextTry =
  | { kind: 'found'; sid: string }
  | { kind: 'done'; delivery: Delivery }
  | { kind: 'not-now'; reason: string; providerCode?: number; lostAnswers?: LostAnswer[] };

/**
 * Takes the text for this run: one conditional save on the conversation's version, `queued` -> `sending`, held
 * SEND_HOLD_MS. Undefined when another run holds it (or died holding it, until its hold lapses) or got there first.
 */
export async function takeNumberText(
  conversation: SignupConversation & { numberText: NumberText },
  deps: NumberTextDeps,
): Promise<NumberTextRun | undefined> {
  const now = deps.clock.now();
  const { phone, numberText: text } = conversation;
  if (text.delivery.state !== 'queued' && text.delivery.state !== 'sending') return undefined;
  const pending: NumberTextRun['pending'] = text.delivery;
  if (pending.state === 'sending' && Date.parse(pending.until) > now.getTime()) return undefined;

  const attempt = randomUUID();
  const attempts = text.attempts + 1;
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
  if (!(await deps.signups.save(held, conversation.version))) return undefined;
  const overdue =
    attempts >= NUMBER_TEXT_MAX_ATTEMPTS || now.getTime() - Date.parse(pending.since) >= NUMBER_TEXT_GIVE_UP_AFTER_MS;
  const fields = { owner: maskPhoneNumber(phone), purpose: text.purpose };
  return { phone, text, pending, held, attempt, attempts, lostAnswers, overdue, fields };
}

/** The Twilio side of one run: the lookup, then (unless overdue or opted out) the send. Writes nothing. */
export async function tryToFinish(run: NumberTextRun, deps: NumberTextDeps): Promise<NumberTextTry> {
  const { phone, text, pending, lostAnswers } = run;
  const sms = { to: phone, from: text.from, body: text.body };
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
  const firstCode = pending.state === 'queued' ? pending.providerCode : undefined;
  if (run.overdue)
    return { kind: 'not-now', reason: pending.reason, ...(firstCode ? { providerCode: firstCode } : {}) };
  // Someone who texted STOP to the sign-up number meanwhile is sent nothing more.
  let optedOut: boolean;
  try {
    optedOut = await deps.contacts.hasOptedOut(text.from, phone);
  } catch (error) {
    return failure('opt-out state could not be read', error);
  }
  if (optedOut) {
    deps.metrics.count(MetricName.SMS_RESEND_OPTED_OUT);
    deps.logger.info('number text not sent: the owner opted out while it waited', run.fields);
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

/** Past its time: recorded `failed`, taken off the waiting list, counted (it pages). */
export async function giveUpNumberText(
  run: NumberTextRun,
  deps: NumberTextDeps,
  lastReason: string,
  code?: number,
): Promise<NumberTextOutcome> {
  deps.metrics.count(MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP);
  deps.logger.error('number text given up: the owner was never told their number', {
    ...run.fields,
    attempts: run.attempts,
    since: run.pending.since,
    reason: maskPhoneNumbersIn(lastReason),
  });
  await settleNumberText(
    run,
    deps,
    {
      state: 'failed',
      error: `given up after ${run.attempts} runs: ${lastReason}`,
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
export async function settleNumberText(
  run: NumberTextRun,
  deps: NumberTextDeps,
  delivery: Delivery,
  finished: boolean,
): Promise<boolean> {
  const { held, text, attempts } = run;
  const outcome = (current: SignupConversation): SignupConversation => ({
    ...current,
    numberText: { ...text, attempts, delivery },
  });
  const settled =
    (await deps.signups.save(
      { ...outcome(held), updatedAt: deps.clock.now().toISOString(), version: held.version + 1 },
      held.version,
    )) ||
    (await changeConversation(run.phone, deps, (current) => {
      const holder = current.numberText?.delivery;
      if (holder?.state !== 'sending' || holder.attempt !== run.attempt) return undefined;
      return outcome(current);
    }));
  if (!settled) {
    // Only if this run outlived its hold and another took over; what was sent is in Twilio's log.
    deps.logger.error('number text outlived its hold: its outcome was not recorded', {
      ...run.fields,
      state: delivery.state,
    });
    return false;
  }
  if (finished) await deps.signups.removeFromWaitingList(run.phone);
  return true;
}

/**
 * Reads the conversation and saves `change` of it on its version; a save that lost to another change is based again
 * on the newer version, a few times. False when there is no conversation, `change` declines, or it kept losing.
 */
export async function changeConversation(
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
