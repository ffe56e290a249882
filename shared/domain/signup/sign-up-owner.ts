import type { Inbox } from '../../ports/inbox';
import type { SignupConversation } from '../../ports/signup-store';
import { MetricName } from '../../metric-names';
import { untilStored, type InboundContext } from '../messages/inbound-message';
import { isWord } from '../messages/keywords';
import { normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import { sendAndRecord, type SendDeps } from '../sending/send-and-record';
import { smsText } from '../sending/sms-text';
import { assignOrWait, REMEMBERED_MESSAGES, type AssignDeps, type Reply, type Step } from './assign-or-wait';

export interface SignupDeps extends AssignDeps, SendDeps {
  inbox: Inbox;
}

/**
 * The sign-up conversation on the onboarding number, one step per text:
 * business name -> phone for alerts (YES for this one) -> confirm -> a number from the pool, with forwarding instructions.
 * RESTART starts over and HELP explains at any step. An owner who already has a client gets their number again, never a second.
 *
 * Each text is applied with one conditional save of the conversation that also records its MessageSid, before the
 * reply is sent: a retried webhook is recognised, and a failure before the save leaves nothing to undo (503, retried).
 */
export async function signUpOwner(context: InboundContext, deps: SignupDeps): Promise<'onboarding-message-handled' | 'duplicate'> {
  const { message, sender } = context;
  // Recorded already (the record is written once the reply went out): a replay within the window sends nothing.
  if (context.snapshot.handled) {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  const step = await untilStored(message.messageSid, deps, () => applyText(context, deps));
  if (step.kind === 'duplicate') {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    // The delivery that applied this text failed before recording its reply: a sign-up question asked twice is
    // harmless, one never asked strands the owner, so the reply is sent (again).
    if (step.unfinishedReply && (await deps.inbox.recordIfMissing(message, { state: 'onboarding', reply: 'sent again by the redelivery' }))) {
      await sendAndRecord({ to: sender, from: context.business, body: step.unfinishedReply.body }, step.unfinishedReply.purpose, deps);
    }
    return 'duplicate';
  }
  if (step.kind === 'conflict') {
    deps.logger.warn('sign-up conversation changed concurrently: this text left to the other delivery', { messageSid: message.messageSid });
    return 'onboarding-message-handled';
  }
  const reply = step.reply
    ? await sendAndRecord({ to: sender, from: context.business, body: step.reply.body }, step.reply.purpose, deps)
    : ({ state: 'skipped', reason: 'nothing to say' } as const);
  await deps.inbox.record(message, { state: 'onboarding', step: step.step, reply });
  return 'onboarding-message-handled';
}

async function applyText(context: InboundContext, deps: SignupDeps): Promise<Step> {
  const { message, sender } = context;
  const now = deps.clock.now();
  const body = message.body.trim();
  const existing = await deps.signups.get(sender);
  if (existing?.messageSids?.includes(message.messageSid)) {
    const reply = existing.lastReply?.messageSid === message.messageSid ? existing.lastReply : undefined;
    return { kind: 'duplicate', ...(reply ? { unfinishedReply: { body: reply.body, purpose: reply.purpose } } : {}) };
  }

  const save = async (next: Omit<SignupConversation, 'version' | 'updatedAt' | 'messageSids'>, reply: Reply): Promise<Step> => {
    const conversation: SignupConversation = {
      ...next,
      messageSids: [...(existing?.messageSids ?? []), message.messageSid].slice(-REMEMBERED_MESSAGES),
      lastReply: { messageSid: message.messageSid, ...reply },
      updatedAt: now.toISOString(),
      version: (existing?.version ?? 0) + 1,
    };
    if (!(await deps.signups.save(conversation, existing?.version ?? 0))) return { kind: 'conflict' };
    return { kind: 'saved', step: conversation.step, reply };
  };
  const fresh = (): Omit<SignupConversation, 'version' | 'updatedAt' | 'messageSids'> => ({ phone: sender, step: 'ASK_BUSINESS_NAME', startedAt: now.toISOString() });

  if (isWord(body, 'HELP')) {
    const current = existing ?? { ...fresh(), version: 0, updatedAt: now.toISOString() };
    return save(current, { body: `${smsText.onboardingHelp()} ${currentQuestion(current)}`.trim(), purpose: 'onboarding-help' });
  }

  const existingClient = await deps.pool.findClientByOwnerPhone(sender);
  if (existingClient && existing?.step !== 'DONE') {
    return save(
      { ...(existing ?? fresh()), step: 'DONE', clientId: existingClient.id, businessName: existingClient.businessName, assignedNumber: existingClient.twilioNumber },
      { body: smsText.onboardingAlreadyAssigned(existingClient.businessName, existingClient.twilioNumber), purpose: 'onboarding-existing-client' },
    );
  }

  if (!existing || (isWord(body, 'RESTART') && existing.step !== 'DONE')) {
    const saved = await save(fresh(), { body: smsText.onboardingWelcome(), purpose: 'onboarding-welcome' });
    if (saved.kind === 'saved' && existing?.step === 'WAITING_FOR_NUMBER') await deps.signups.removeFromWaitingList(sender);
    return saved;
  }

  switch (existing.step) {
    case 'ASK_BUSINESS_NAME':
      if (body.length < 2 || body.length > 60) return save(existing, { body: smsText.onboardingBadName(), purpose: 'onboarding-bad-name' });
      return save({ ...existing, step: 'ASK_NOTIFY_PHONE', businessName: body }, { body: smsText.onboardingAskNotifyPhone(body, sender), purpose: 'onboarding-ask-phone' });

    case 'ASK_NOTIFY_PHONE': {
      const notifyPhone = isWord(body, 'YES') ? sender : normalizePhoneNumber(body);
      if (!notifyPhone) return save(existing, { body: smsText.onboardingBadPhone(), purpose: 'onboarding-bad-phone' });
      return save({ ...existing, step: 'CONFIRM', notifyPhone }, { body: smsText.onboardingConfirm(existing.businessName ?? '', notifyPhone), purpose: 'onboarding-confirm' });
    }

    case 'CONFIRM':
      if (!isWord(body, 'YES')) return save(existing, { body: smsText.onboardingConfirmAgain(), purpose: 'onboarding-confirm-again' });
      return assignOrWait(existing, deps, message.messageSid);

    case 'WAITING_FOR_NUMBER':
      return assignOrWait(existing, deps, message.messageSid);

    case 'DONE':
      return save(existing, { body: smsText.onboardingAlreadyAssigned(existing.businessName ?? '', existing.assignedNumber as E164), purpose: 'onboarding-done' });
  }
}

function currentQuestion(conversation: Pick<SignupConversation, 'step' | 'assignedNumber'>): string {
  switch (conversation.step) {
    case 'ASK_BUSINESS_NAME':
      return 'What is your business name?';
    case 'ASK_NOTIFY_PHONE':
      return 'Which phone should get your alerts? Reply YES for this one.';
    case 'CONFIRM':
      return smsText.onboardingConfirmAgain();
    case 'WAITING_FOR_NUMBER':
      return smsText.onboardingStillWaiting();
    case 'DONE':
      return conversation.assignedNumber ? `Your number is ${conversation.assignedNumber}.` : '';
  }
}
