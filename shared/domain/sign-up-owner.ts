import { randomUUID } from 'node:crypto';
import { MetricName } from '../ports/metrics';
import type { SignupConversation } from '../ports/signup-store';
import { assignNumber } from './assign-number';
import type { Delivery } from './delivery';
import type { HandleInboundSmsDeps, InboundContext } from './handle-inbound-sms';
import { isWord } from './keywords';
import { maskPhoneNumber, normalizePhoneNumber, type E164 } from './phone-number';
import { sendAndRecord, type SendDeps } from './send-and-record';
import { smsText } from './sms-text';

export type SignupDeps = Pick<HandleInboundSmsDeps, 'signups' | 'pool' | 'inbox' | 'clock' | 'onboardingNumber'> & SendDeps;

/**
 * The sign-up conversation on the onboarding number, one step per text:
 * business name -> phone for alerts (YES for this one) -> confirm -> a number from the pool, with forwarding instructions.
 * RESTART starts over and HELP explains at any step. An owner who already has a client gets their number again, never a second.
 */
export async function signUpOwner(context: InboundContext, deps: SignupDeps): Promise<void> {
  const { message, sender } = context;
  const onboardingNumber = context.business;
  const now = deps.clock.now();
  const reply = (body: string, purpose: string) => sendAndRecord({ to: sender, from: onboardingNumber, body }, purpose, deps);
  const finish = async (delivery: Delivery, step: string) => deps.inbox.recordOutcome(message.messageSid, { state: 'onboarding', step, reply: delivery });

  const existing = await deps.signups.get(sender);
  const body = message.body.trim();

  if (isWord(body, 'HELP')) return finish(await reply(`${smsText.onboardingHelp()} ${existing ? currentQuestion(existing) : ''}`.trim(), 'onboarding-help'), existing?.step ?? 'NEW');

  const existingClient = await deps.pool.findClientByOwnerPhone(sender);
  if (existingClient && existing?.step !== 'DONE') {
    return finish(await reply(smsText.onboardingAlreadyAssigned(existingClient.businessName, existingClient.twilioNumber), 'onboarding-existing-client'), 'EXISTING_CLIENT');
  }

  if (!existing || (isWord(body, 'RESTART') && existing.step !== 'DONE')) {
    const fresh: SignupConversation = { phone: sender, step: 'ASK_BUSINESS_NAME', startedAt: now.toISOString(), updatedAt: now.toISOString(), version: (existing?.version ?? 0) + 1 };
    if (existing?.step === 'WAITING_FOR_NUMBER') await deps.signups.removeFromWaitingList(sender);
    if (!(await deps.signups.save(fresh, existing?.version ?? 0))) return finish({ state: 'skipped', reason: 'conversation changed concurrently' }, 'CONFLICT');
    return finish(await reply(smsText.onboardingWelcome(), 'onboarding-welcome'), fresh.step);
  }

  const advance = async (next: Partial<SignupConversation>, text: string, purpose: string) => {
    const updated: SignupConversation = { ...existing, ...next, updatedAt: now.toISOString(), version: existing.version + 1 };
    if (!(await deps.signups.save(updated, existing.version))) return finish({ state: 'skipped', reason: 'conversation changed concurrently' }, 'CONFLICT');
    return finish(await reply(text, purpose), updated.step);
  };

  switch (existing.step) {
    case 'ASK_BUSINESS_NAME': {
      if (body.length < 2 || body.length > 60) return finish(await reply(smsText.onboardingBadName(), 'onboarding-bad-name'), existing.step);
      return advance({ step: 'ASK_NOTIFY_PHONE', businessName: body }, smsText.onboardingAskNotifyPhone(body, sender), 'onboarding-ask-phone');
    }
    case 'ASK_NOTIFY_PHONE': {
      const notifyPhone = isWord(body, 'YES') ? sender : normalizePhoneNumber(body);
      if (!notifyPhone) return finish(await reply(smsText.onboardingBadPhone(), 'onboarding-bad-phone'), existing.step);
      return advance({ step: 'CONFIRM', notifyPhone }, smsText.onboardingConfirm(existing.businessName ?? '', notifyPhone), 'onboarding-confirm');
    }
    case 'CONFIRM': {
      if (!isWord(body, 'YES')) return finish(await reply(smsText.onboardingConfirmAgain(), 'onboarding-confirm-again'), existing.step);
      return finish(await assignOrWait(existing, deps), 'ASSIGN');
    }
    case 'WAITING_FOR_NUMBER': {
      const delivery = await assignOrWait(existing, deps, { quietWhenWaiting: true });
      return finish(delivery.state === 'skipped' ? await reply(smsText.onboardingStillWaiting(), 'onboarding-still-waiting') : delivery, 'WAITING_FOR_NUMBER');
    }
    case 'DONE':
      return finish(await reply(smsText.onboardingAlreadyAssigned(existing.businessName ?? '', existing.assignedNumber as E164), 'onboarding-done'), existing.step);
  }
}

/**
 * Assigns a number to a confirmed sign-up, or puts it on the waiting list when the pool is empty.
 * The client id is saved on the conversation before any number is touched, so a retry resumes the same assignment.
 */
export async function assignOrWait(conversation: SignupConversation, deps: SignupDeps, options: { quietWhenWaiting?: boolean } = {}): Promise<Delivery> {
  const now = deps.clock.now();
  let current = conversation;
  if (!current.clientId) {
    const withId = { ...current, clientId: `c-${randomUUID().slice(0, 8)}`, updatedAt: now.toISOString(), version: current.version + 1 };
    if (!(await deps.signups.save(withId, current.version))) return { state: 'skipped', reason: 'conversation changed concurrently' };
    current = withId;
  }
  const businessName = current.businessName ?? '';
  const ownerPhone = current.notifyPhone ?? current.phone;
  const send = (body: string, purpose: string) => sendAndRecord({ to: current.phone, from: deps.onboardingNumber, body }, purpose, deps);

  const alreadyOwner = await deps.pool.findClientByOwnerPhone(ownerPhone);
  const number = alreadyOwner && alreadyOwner.id !== current.clientId ? alreadyOwner.twilioNumber : await assignNumber({ clientId: current.clientId as string, businessName, ownerPhone }, deps.pool, now);

  if (!number) {
    if (current.step !== 'WAITING_FOR_NUMBER') {
      deps.metrics.count(MetricName.ONBOARDING_POOL_EXHAUSTED);
      deps.logger.error('number pool exhausted: owner put on the waiting list', { owner: maskPhoneNumber(current.phone) });
      await deps.signups.save({ ...current, step: 'WAITING_FOR_NUMBER', updatedAt: now.toISOString(), version: current.version + 1 }, current.version);
      await deps.signups.addToWaitingList(current.phone, now);
      return send(smsText.onboardingWaitingList(), 'onboarding-waiting-list');
    }
    return options.quietWhenWaiting ? { state: 'skipped', reason: 'still waiting' } : send(smsText.onboardingStillWaiting(), 'onboarding-still-waiting');
  }

  await deps.signups.save({ ...current, step: 'DONE', assignedNumber: number, updatedAt: now.toISOString(), version: current.version + 1 }, current.version);
  if (current.step === 'WAITING_FOR_NUMBER') await deps.signups.removeFromWaitingList(current.phone);
  deps.metrics.count(MetricName.ONBOARDING_NUMBER_ASSIGNED);
  deps.logger.info('number assigned to a new client', { owner: maskPhoneNumber(current.phone), clientId: current.clientId, number: maskPhoneNumber(number) });
  return alreadyOwner && alreadyOwner.id !== current.clientId
    ? send(smsText.onboardingAlreadyAssigned(alreadyOwner.businessName, number), 'onboarding-existing-client')
    : send(smsText.onboardingAssigned(businessName, number), 'onboarding-assigned');
}

/** Gives waiting owners their numbers once the pool has some again. Run on a schedule and after numbers are added. */
export async function serveWaitingList(deps: SignupDeps): Promise<{ assigned: number; stillWaiting: number }> {
  let assigned = 0;
  let stillWaiting = 0;
  for (const phone of await deps.signups.waitingList()) {
    const conversation = await deps.signups.get(phone);
    if (conversation?.step !== 'WAITING_FOR_NUMBER') {
      await deps.signups.removeFromWaitingList(phone);
      continue;
    }
    const delivery = await assignOrWait(conversation, deps, { quietWhenWaiting: true });
    if (delivery.state === 'skipped') stillWaiting += 1;
    else assigned += 1;
    if (delivery.state === 'skipped' && delivery.reason === 'still waiting') break;
  }
  return { assigned, stillWaiting };
}

function currentQuestion(conversation: SignupConversation): string {
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
