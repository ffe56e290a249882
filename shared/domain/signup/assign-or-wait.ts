import { randomUUID } from 'node:crypto';
import { MetricName } from '../../metric-names';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberPool } from '../../ports/number-pool';
import type { SignupConversation, SignupStore } from '../../ports/signup-store';
import { maskPhoneNumber } from '../numbers/phone-number';
import { smsText } from '../sending/sms-text';
import { assignNumber } from './assign-number';

/** What assigning a number to a confirmed sign-up uses: the conversations, the pool, and nothing of the SMS flow. */
export interface AssignDeps {
  signups: SignupStore;
  pool: NumberPool;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** A reply to the owner, and why it is sent (recorded with the delivery). */
export interface Reply {
  body: string;
  purpose: string;
}

/** What applying one text (or one waiting-list turn) to a conversation did. */
export type Step =
  | { kind: 'duplicate'; unfinishedReply?: Reply }
  | { kind: 'conflict' }
  | { kind: 'saved'; step: SignupConversation['step']; reply?: Reply };

/** How many processed MessageSids a conversation remembers, to recognise Twilio's retries. */
export const REMEMBERED_MESSAGES = 50;

/**
 * Assigns a number to a confirmed sign-up, or puts it on the waiting list when the pool is empty. The client id is
 * saved on the conversation before any number is touched, so a retry resumes the same assignment and never takes a
 * second number. `messageSid`, when a text asked for this, is recorded with the final save.
 */
export async function assignOrWait(conversation: SignupConversation, deps: AssignDeps, messageSid?: string): Promise<Step> {
  const now = deps.clock.now();
  let current = conversation;
  const saveAs = async (next: SignupConversation, processed: boolean, reply?: Reply): Promise<boolean> => {
    const updated: SignupConversation = {
      ...next,
      ...(processed && messageSid ? { messageSids: [...(next.messageSids ?? []), messageSid].slice(-REMEMBERED_MESSAGES) } : {}),
      ...(processed && messageSid && reply ? { lastReply: { messageSid, ...reply } } : {}),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (!(await deps.signups.save(updated, current.version))) return false;
    current = updated;
    return true;
  };
  if (!current.clientId && !(await saveAs({ ...current, clientId: `c-${randomUUID().slice(0, 8)}` }, false))) return { kind: 'conflict' };

  const businessName = current.businessName ?? '';
  const ownerPhone = current.notifyPhone ?? current.phone;
  const otherClient = await deps.pool.findClientByOwnerPhone(ownerPhone);
  const alreadyOwned = otherClient && otherClient.id !== current.clientId ? otherClient : undefined;
  const number = alreadyOwned ? alreadyOwned.twilioNumber : await assignNumber({ clientId: current.clientId as string, businessName, ownerPhone }, deps.pool, now);

  if (!number) {
    const wasWaiting = current.step === 'WAITING_FOR_NUMBER';
    const reply: Reply = wasWaiting
      ? { body: smsText.onboardingStillWaiting(), purpose: 'onboarding-still-waiting' }
      : { body: smsText.onboardingWaitingList(), purpose: 'onboarding-waiting-list' };
    if (!(await saveAs({ ...current, step: 'WAITING_FOR_NUMBER' }, true, reply))) return { kind: 'conflict' };
    if (!wasWaiting) {
      deps.metrics.count(MetricName.ONBOARDING_POOL_EXHAUSTED);
      deps.logger.error('number pool exhausted: owner put on the waiting list', { owner: maskPhoneNumber(current.phone) });
      await deps.signups.addToWaitingList(current.phone, now);
    }
    return { kind: 'saved', step: current.step, reply };
  }

  const wasWaiting = current.step === 'WAITING_FOR_NUMBER';
  const assignedReply: Reply = alreadyOwned
    ? { body: smsText.onboardingAlreadyAssigned(alreadyOwned.businessName, number), purpose: 'onboarding-existing-client' }
    : { body: smsText.onboardingAssigned(businessName, number), purpose: 'onboarding-assigned' };
  if (!(await saveAs({ ...current, step: 'DONE', assignedNumber: number }, true, assignedReply))) return { kind: 'conflict' };
  if (wasWaiting) await deps.signups.removeFromWaitingList(current.phone);
  deps.metrics.count(MetricName.ONBOARDING_NUMBER_ASSIGNED);
  deps.logger.info('number assigned to a new client', { owner: maskPhoneNumber(current.phone), clientId: current.clientId, number: maskPhoneNumber(number) });
  return { kind: 'saved', step: 'DONE', reply: assignedReply };
}

