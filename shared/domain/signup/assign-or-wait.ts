import { randomUUID } from 'node:crypto';
import { MetricName } from '../../metric-names';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberPool } from '../../ports/number-pool';
import type { OptOutRetention } from '../../ports/opt-out-retention';
import type { SignupConversation, SignupStore } from '../../ports/signup-store';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import { smsText } from '../sending/sms-text';
import { assignNumber } from './assign-number';
import { countReply, type Reply } from './reply-budget';
import type { SignupRules } from './signup-rules';

export type { Reply } from './reply-budget';

/** What assigning a number to a confirmed sign-up uses: the conversations, the pool, the rules, and nothing of the SMS flow. */
export interface AssignDeps {
  signups: SignupStore;
  pool: NumberPool;
  /** A pool number's opt-outs are kept again, with no expiry, once it is assigned. */
  optOuts: OptOutRetention;
  signupRules: SignupRules;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** A text to a phone other than the sender's (the alert phone's request, the requester's news when it answers). */
export interface Notice extends Reply {
  to: E164;
}

/** What applying one text (or one waiting-list turn) to a conversation did. */
export type Step =
  | { kind: 'duplicate'; unfinishedReply?: Reply }
  | { kind: 'conflict' }
  | { kind: 'saved'; step: SignupConversation['step']; reply?: Reply; notices?: Notice[] };

/** How many processed MessageSids a conversation remembers, to recognise Twilio's retries. */
export const REMEMBERED_MESSAGES = 50;

/**
 * Finishes a confirmed sign-up: the number the owner already has (signing up from their own owner phone); else an
 * operator's approval when required; else one of this hour's assignment slots; else a number from the pool; the
 * waiting list when the slots or the pool run out. The client id and the slot are saved on the conversation before any
 * number is touched, so a retry resumes the same assignment, never takes a second number nor a second slot.
 * `messageSid`, when a text asked for this, is recorded with the final save.
 */
export async function assignOrWait(
  conversation: SignupConversation,
  deps: AssignDeps,
  messageSid?: string,
  /** The caller has just read that the signing-up phone owns no client (saves a read). */
  known: { senderOwnsNoClient?: boolean } = {},
): Promise<Step> {
  const now = deps.clock.now();
  let current = conversation;
  const saveAs = async (
    next: SignupConversation,
    processed: boolean,
    reply?: Reply,
  ): Promise<{ saved: boolean; reply?: Reply }> => {
    // Only a reply to the sender's own text counts: the waiting-list job's turns and the news an alert phone's YES
    // brings are not replies, and are at most one per step.
    const counted =
      processed && messageSid
        ? countReply(next, reply, now, deps.signupRules.repliesPerDay)
        : { replies: next.replies, reply, capped: false };
    const sent = counted.reply;
    const updated: SignupConversation = {
      ...next,
      ...(counted.replies ? { replies: counted.replies } : {}),
      ...(processed && messageSid
        ? { messageSids: [...(next.messageSids ?? []), messageSid].slice(-REMEMBERED_MESSAGES) }
        : {}),
      ...(processed && messageSid && sent ? { lastReply: { messageSid, ...sent } } : {}),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (!(await deps.signups.save(updated, current.version))) return { saved: false };
    current = updated;
    if (counted.capped) replyCapped(deps, current.phone);
    return { saved: true, ...(sent ? { reply: sent } : {}) };
  };
  const finish = async (next: SignupConversation, reply: Reply): Promise<Step> => {
    const saved = await saveAs(next, true, reply);
    return saved.saved
      ? { kind: 'saved', step: current.step, ...(saved.reply ? { reply: saved.reply } : {}) }
      : { kind: 'conflict' };
  };

  const ownerPhone = current.notifyPhone ?? current.phone;
  // An owner signing up from their own owner phone gets their number again; anyone else learns nothing of it.
  const ownClient =
    ownerPhone === current.phone && !known.senderOwnsNoClient
      ? await deps.pool.findClientByOwnerPhone(ownerPhone)
      : undefined;
  if (ownClient && ownClient.id !== current.clientId) {
    const reply = {
      body: smsText.onboardingAlreadyAssigned(ownClient.businessName, ownClient.twilioNumber),
      purpose: 'onboarding-existing-client',
    };
    const wasWaiting = current.step === 'WAITING_FOR_NUMBER';
    const step = await finish(
      {
        ...current,
        step: 'DONE',
        clientId: ownClient.id,
        businessName: ownClient.businessName,
        assignedNumber: ownClient.twilioNumber,
      },
      reply,
    );
    if (step.kind === 'saved' && wasWaiting) await deps.signups.removeFromWaitingList(current.phone);
    return step;
  }

  if (deps.signupRules.approvalRequired && !current.approved) {
    const waiting = current.step === 'AWAITING_APPROVAL';
    const reply = waiting
      ? { body: smsText.onboardingStillAwaitingApproval(), purpose: 'onboarding-awaiting-approval' }
      : { body: smsText.onboardingAwaitingApproval(), purpose: 'onboarding-awaiting-approval' };
    const step = await finish({ ...current, step: 'AWAITING_APPROVAL' }, reply);
    if (step.kind === 'saved' && !waiting) {
      await deps.signups.addPendingApproval({
        phone: current.phone,
        businessName: current.businessName ?? '',
        notifyPhone: ownerPhone,
        since: now.toISOString(),
      });
      deps.metrics.count(MetricName.ONBOARDING_AWAITING_APPROVAL);
      deps.logger.info('sign-up waits for an operator', { owner: maskPhoneNumber(current.phone) });
    }
    return step;
  }

  const wasWaiting = current.step === 'WAITING_FOR_NUMBER';
  const wait = async (reply: Reply): Promise<Step> => {
    const step = await finish({ ...current, step: 'WAITING_FOR_NUMBER' }, reply);
    if (step.kind === 'saved' && !wasWaiting) await deps.signups.addToWaitingList(current.phone, now);
    return step;
  };

  if (!current.assignmentSlot) {
    const slot = await deps.signups.takeAssignmentSlot(now, deps.signupRules.assignmentsPerHour);
    if (!slot) {
      deps.metrics.count(MetricName.ONBOARDING_RATE_LIMITED);
      deps.logger.warn('sign-up rate limit reached: owner put on the waiting list', {
        owner: maskPhoneNumber(current.phone),
        perHour: deps.signupRules.assignmentsPerHour,
      });
      return wait(
        wasWaiting
          ? { body: smsText.onboardingStillWaiting(), purpose: 'onboarding-still-waiting' }
          : { body: smsText.onboardingRateLimited(), purpose: 'onboarding-rate-limited' },
      );
    }
    // The slot and the client id in one save: a retry finds both and takes neither again.
    if (
      !(
        await saveAs(
          { ...current, clientId: current.clientId ?? `c-${randomUUID().slice(0, 8)}`, assignmentSlot: slot },
          false,
        )
      ).saved
    )
      return { kind: 'conflict' };
  } else if (
    !current.clientId &&
    !(await saveAs({ ...current, clientId: `c-${randomUUID().slice(0, 8)}` }, false)).saved
  ) {
    return { kind: 'conflict' };
  }

  const businessName = current.businessName ?? '';
  const number = await assignNumber({ clientId: current.clientId as string, businessName, ownerPhone }, deps, now);
  if (!number) {
    if (!wasWaiting) {
      deps.metrics.count(MetricName.ONBOARDING_POOL_EXHAUSTED);
      deps.logger.error('number pool exhausted: owner put on the waiting list', {
        owner: maskPhoneNumber(current.phone),
      });
    }
    return wait(
      wasWaiting
        ? { body: smsText.onboardingStillWaiting(), purpose: 'onboarding-still-waiting' }
        : { body: smsText.onboardingWaitingList(), purpose: 'onboarding-waiting-list' },
    );
  }

  const step = await finish(
    { ...current, step: 'DONE', assignedNumber: number },
    { body: smsText.onboardingAssigned(businessName, number), purpose: 'onboarding-assigned' },
  );
  if (step.kind !== 'saved') return step;
  if (wasWaiting) await deps.signups.removeFromWaitingList(current.phone);
  deps.metrics.count(MetricName.ONBOARDING_NUMBER_ASSIGNED);
  deps.logger.info('number assigned to a new client', {
    owner: maskPhoneNumber(current.phone),
    clientId: current.clientId,
    number: maskPhoneNumber(number),
  });
  return step;
}

export function replyCapped(deps: { metrics: Metrics; logger: Logger }, phone: E164): void {
  deps.metrics.count(MetricName.ONBOARDING_REPLY_CAPPED);
  deps.logger.warn('sign-up replies to this sender reached the daily cap: no reply', {
    sender: maskPhoneNumber(phone),
  });
}
