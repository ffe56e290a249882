import type { InboundMessage } from '../../ports/inbox';
import { MetricName } from '../../metric-names';
import { relayOwnerMessage } from './relay-owner-message';
import { takeCustomerMessage } from './take-customer-message';
import {
  storeOnce,
  untilStored,
  type BusinessMessageDeps,
  type InboundContext,
  type InboundSmsOutcome,
  type IncomingSms,
} from './inbound-message';
import { carrierKeyword, isOptIn, isTwilioKeyword } from './keywords';
import { answerCustomerHelp, confirmOptOut } from './answer-customer-keyword';
import { isOurNumber } from '../numbers/is-our-number';
import type { Client, NumberRoleInfo } from '../numbers/number-role';
import { isWithheldCallerId, maskPhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { SMS_GATE } from '../numbers/route-gates';
import { senderKey, type CustomerKey } from './customer-key';
import { handOffSignup, type HandOffSignupDeps } from './hand-off-signup';

export type { IncomingSms, InboundSmsOutcome } from './inbound-message';

export interface HandleInboundSmsDeps extends BusinessMessageDeps, RoleRules, HandOffSignupDeps {}

/**
 * Handles an inbound SMS by the role of the number texted (the role gate decides).
 * OPERATIONAL -> carrier keywords, the owner's replies and commands, or customer job intake;
 * ONBOARDING -> carrier keywords, or the sign-up conversation (handed to its own function); SYSTEM -> logged and counted only.
 * Every message to an OPERATIONAL or ONBOARDING number is stored exactly once before anything is sent.
 */
export async function handleInboundSms(sms: IncomingSms, deps: HandleInboundSmsDeps): Promise<InboundSmsOutcome> {
  const { logger, metrics } = deps;
  const smsFields = { messageSid: sms.messageSid, to: maskPhoneNumber(sms.to), from: maskPhoneNumber(sms.from) };

  const sender = textableCallerNumber(sms.from);
  // A sender the parser rejects (a sender ID, a short code) still has a job, under a key nothing can be sent to.
  const counterpart: CustomerKey | undefined =
    sender ?? (isWithheldCallerId(sms.from) ? undefined : senderKey(sms.from));
  const gate = await passRoleGate(
    SMS_GATE,
    { to: sms.to, fields: smsFields },
    (number) =>
      untilStored(sms.messageSid, deps, () => deps.exchanges.read(number, counterpart, { messageSid: sms.messageSid })),
    deps,
  );
  if (gate.kind === 'refused') return refuse(gate, deps);
  const { number: info, reading: snapshot } = gate;
  const business = info.phone;

  const message = inboundMessage(sms, info, deps.clock.now());

  // Loop guard: a text from one of our own numbers (in the table, owned by a client, the configured onboarding number,
  // this very number) is never answered, forwarded, relayed or made a job, so no two of our numbers can text each other.
  if (sender && (isOurNumber(snapshot.counterpart) || sender === deps.onboardingNumber || sender === business)) {
    if (!(await storeOnce(message, deps))) return duplicate();
    metrics.count(MetricName.SMS_LOOP_BLOCKED);
    logger.warn('sms from one of our own numbers: stored, nothing sent', { ...smsFields, role: info.role });
    await deps.inbox.recordOutcome(message.messageSid, { state: 'loop-blocked' });
    return 'loop-blocked';
  }

  if (gate.kind === 'refused-after-storing') {
    // The gate's refusal for an OPERATIONAL number without its client, reported once the message is stored.
    if (!(await storeOnce(message, deps))) return duplicate();
    const outcome = refuse(gate, deps);
    await deps.inbox.recordOutcome(message.messageSid, { state: 'operational-without-client' });
    return outcome;
  }

  if (!sender) {
    // No reply is ever sent to such a sender; a client's owner still gets the text as a job.
    if (gate.kind === 'client' && counterpart)
      return takeCustomerMessage({ message, business, sender: counterpart, snapshot }, gate.number.client, deps);
    if (!(await storeOnce(message, deps))) return duplicate();
    logger.warn('sms from a sender we cannot reply to: stored only', smsFields);
    await deps.inbox.recordOutcome(message.messageSid, { state: 'unreplyable-sender' });
    return 'unreplyable-sender';
  }
  const context: InboundContext = { message, business, sender, snapshot };

  const client = gate.kind === 'client' ? gate.number.client : undefined;
  const keywordOutcome = await handleCarrierKeyword(context, client, deps);
  if (keywordOutcome) return keywordOutcome;

  if (gate.kind === 'onboarding') {
    metrics.count(MetricName.SMS_ONBOARDING_RECEIVED);
    if (snapshot.counterpartOptedOut) {
      if (!(await storeOnce(message, deps))) return duplicate();
      return storedOnlyOptedOut(message, deps);
    }
    // The sign-up function's conversation save stores and de-duplicates the text (see signUpOwner).
    return handOffSignup(context, deps);
  }

  // Only the client's number is left here: the gate refused every other role.
  if (sender === gate.number.client.ownerPhone) return relayOwnerMessage(context, gate.number.client, deps);
  return takeCustomerMessage(context, gate.number.client, deps);

  function duplicate(): InboundSmsOutcome {
    metrics.count(MetricName.SMS_DUPLICATE);
    logger.info('repeated sms webhook: already stored', smsFields);
    return 'duplicate';
  }
}

/** The message as it is stored, on the number it reached (and its client, when it has one). */
function inboundMessage(sms: IncomingSms, number: NumberRoleInfo & { phone: E164 }, receivedAt: Date): InboundMessage {
  return {
    messageSid: sms.messageSid,
    to: number.phone,
    from: sms.from,
    body: sms.body,
    mediaUrls: sms.mediaUrls,
    receivedAt,
    role: number.role,
    ...(number.client ? { clientId: number.client.id } : {}),
  };
}

/**
 * STOP and friends opt out, START/UNSTOP (and YES after a STOP) opt back in, HELP/INFO answer with help. Not for the
 * owner's own phone: the owner's HELP lists the owner's commands (relay-owner-message.ts).
 */
async function handleCarrierKeyword(
  context: InboundContext,
  client: Client | undefined,
  deps: HandleInboundSmsDeps,
): Promise<InboundSmsOutcome | undefined> {
  const { message, sender, snapshot } = context;
  const keyword = carrierKeyword(message.body);
  const optIn = isOptIn(message.body, snapshot.counterpartOptedOut);
  if (keyword !== 'opt-out' && keyword !== 'help' && !optIn) return undefined;
  // The owner's own HELP goes to the owner flow; an owner never opts out of their own alerts by accident.
  if (client && sender === client.ownerPhone) return undefined;
  if (keyword === 'opt-out' || optIn)
    return applyOptOutOrIn(context, keyword === 'opt-out' ? 'opt-out' : 'opt-in', client, deps);
  // On the onboarding number HELP belongs to the sign-up conversation.
  if (!client) return undefined;
  if (!(await storeOnce(message, deps))) {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  if (snapshot.counterpartOptedOut) return storedOnlyOptedOut(message, deps);
  return answerCustomerHelp(context, client, deps);
}

/**
 * Opting out or in is idempotent and sends nothing, so it is applied before the message is recorded: a failure leaves
 * nothing half done (the webhook is queued for redelivery and answered 200; the queue's consumer runs it again with
 * backoff) and a repeat applies it again harmlessly.
 */
async function applyOptOutOrIn(
  context: InboundContext,
  change: 'opt-out' | 'opt-in',
  client: Client | undefined,
  deps: HandleInboundSmsDeps,
): Promise<InboundSmsOutcome> {
  const { message, business, sender } = context;
  const now = deps.clock.now();
  if (change === 'opt-in') {
    await untilStored(message.messageSid, deps, () => deps.contacts.optIn(business, sender, now));
    deps.metrics.count(MetricName.SMS_OPTED_IN);
    await deps.inbox.record(message, { state: 'opted-in' });
    return 'opted-in';
  }
  await untilStored(message.messageSid, deps, () => deps.contacts.optOut(business, sender, 'keyword', now));
  deps.metrics.count(MetricName.SMS_OPTED_OUT);
  deps.logger.info('sender opted out of this number', {
    messageSid: message.messageSid,
    to: maskPhoneNumber(business),
    from: maskPhoneNumber(sender),
  });
  // Issue 19: a Spanish word (PARAR, ALTO) Twilio neither acts on nor confirms: we confirm it, once, on a business's
  // number (the onboarding number's sign-up speaks English only: recorded, not answered).
  if (client && !isTwilioKeyword(message.body)) return confirmOptOut(context, client, deps);
  // No reply: Twilio's own opt-out handling confirms STOP, and nothing more may be sent.
  await deps.inbox.record(message, { state: 'opted-out' });
  return 'opted-out';
}

async function storedOnlyOptedOut(message: InboundMessage, deps: HandleInboundSmsDeps): Promise<InboundSmsOutcome> {
  deps.logger.info('sender has opted out: message stored, nothing sent', { messageSid: message.messageSid });
  await deps.inbox.recordOutcome(message.messageSid, { state: 'sender-opted-out' });
  return 'opted-out';
}
