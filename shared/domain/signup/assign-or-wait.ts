import { randomUUID } from 'node:crypto';
import { MetricName } from '../../metric-names';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberPool } from '../../ports/number-pool';
import type { OptOutKeeper } from '../../ports/opt-out-retention';
import type { SignupConversation, SignupConversationStore } from '../../ports/signup-store';
import { BusinessNameTakenError } from '../common/errors';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import * as smsText from '../sending/sms-text';
import { assignNumber } from './assign-number';
import { countReply, type Reply } from './reply-budget';
import type { SignupRules } from './signup-rules';

export type { Reply } from './reply-budget';

/** What assigning a number to a confirmed sign-up uses: the conversations, the pool, the rules, and nothing of the SMS flow. */
export interface AssignDeps {
  signups: SignupConversationStore;
  pool: NumberPool;
  /** A pool number's opt-outs are kept again, with no expiry, once it is assigned. */
  optOuts: OptOutKeeper;
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

/** One assignment turn: the conversation as last saved, and how this turn saves it. */
interface AssignTurn {
  current: SignupConversation;
  now: Date;
  ownerPhone: E164;
  wasWaiting: boolean;
  /** Saves `next` on the version last saved; `processed` records the text (and counts its reply) with it. */
  saveAs(next: SignupConversation, processed: boolean, reply?: Reply): Promise<{ saved: boolean; reply?: Reply }>;
  /** The turn's final save, with its reply. */
  finish(next: SignupConversation, reply: Reply): Promise<Step>;
  /** To the waiting list (or still on it), with this reply. */
  wait(reply: Reply): Promise<Step>;
}

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
  const turn = startAssignTurn(conversation, deps, messageSid);
  // An owner signing up from their own owner phone gets their number again; anyone else learns nothing of it.
  const ownClient =
    turn.ownerPhone === conversation.phone && !known.senderOwnsNoClient
      ? await deps.pool.findClientByOwnerPhone(turn.ownerPhone)
      : undefined;
  if (ownClient && ownClient.id !== conversation.clientId) return giveOwnNumberAgain(turn, ownClient, deps);
  if (deps.signupRules.approvalRequired && !conversation.approved) return holdForApproval(turn, deps);
  const held = await holdSlotAndClientId(turn, deps);
  return held ?? assignFromPool(turn, deps);
}

function startAssignTurn(conversation: SignupConversation, deps: AssignDeps, messageSid?: string): AssignTurn {
  const now = deps.clock.now();
  const turn: AssignTurn = {
    current: conversation,
    now,
    ownerPhone: conversation.notifyPhone ?? conversation.phone,
    wasWaiting: conversation.step === 'WAITING_FOR_NUMBER',
    async saveAs(next, processed, reply) {
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
        version: turn.current.version + 1,
      };
      if (!(await deps.signups.save(updated, turn.current.version))) return { saved: false };
      turn.current = updated;
      if (counted.capped) replyCapped(deps, updated.phone);
      return { saved: true, ...(sent ? { reply: sent } : {}) };
    },
    async finish(next, reply) {
      const saved = await turn.saveAs(next, true, reply);
      return saved.saved
        ? { kind: 'saved', step: turn.current.step, ...(saved.reply ? { reply: saved.reply } : {}) }
        : { kind: 'conflict' };
    },
    async wait(reply) {
      const step = await turn.finish({ ...turn.current, step: 'WAITING_FOR_NUMBER' }, reply);
      if (step.kind === 'saved' && !turn.wasWaiting) await deps.signups.addToWaitingList(turn.current.phone, now);
      return step;
    },
  };
  return turn;
}

async function giveOwnNumberAgain(turn: AssignTurn, ownClient: Client, deps: AssignDeps): Promise<Step> {
  const step = await turn.finish(
    {
      ...turn.current,
      step: 'DONE',
      clientId: ownClient.id,
      businessName: ownClient.businessName,
      assignedNumber: ownClient.twilioNumber,
    },
    {
      body: smsText.onboardingAlreadyAssigned(ownClient.businessName, ownClient.twilioNumber),
      purpose: 'onboarding-existing-client',
    },
  );
  if (step.kind === 'saved' && turn.wasWaiting) await deps.signups.removeFromWaitingList(turn.current.phone);
  return step;
}

async function holdForApproval(turn: AssignTurn, deps: AssignDeps): Promise<Step> {
  const waiting = turn.current.step === 'AWAITING_APPROVAL';
  const reply = waiting
    ? { body: smsText.onboardingStillAwaitingApproval(), purpose: 'onboarding-awaiting-approval' }
    : { body: smsText.onboardingAwaitingApproval(), purpose: 'onboarding-awaiting-approval' };
  const step = await turn.finish({ ...turn.current, step: 'AWAITING_APPROVAL' }, reply);
  if (step.kind === 'saved' && !waiting) {
    await deps.signups.addPendingApproval({
      phone: turn.current.phone,
      businessName: turn.current.businessName ?? '',
      notifyPhone: turn.ownerPhone,
      since: turn.now.toISOString(),
    });
    deps.metrics.count(MetricName.ONBOARDING_AWAITING_APPROVAL);
    deps.logger.info('sign-up waits for an operator', { owner: maskPhoneNumber(turn.current.phone) });
  }
  return step;
}

/** One of this hour's slots and a client id, saved before any number is touched; a Step when the turn ends here. */
async function holdSlotAndClientId(turn: AssignTurn, deps: AssignDeps): Promise<Step | undefined> {
  const newClientId = () => turn.current.clientId ?? `c-${randomUUID().slice(0, 8)}`;
  if (turn.current.assignmentSlot) {
    if (turn.current.clientId) return undefined;
    return (await turn.saveAs({ ...turn.current, clientId: newClientId() }, false)).saved
      ? undefined
      : { kind: 'conflict' };
  }
  const slot = await deps.signups.takeAssignmentSlot(turn.now, deps.signupRules.assignmentsPerHour);
  if (!slot) {
    deps.metrics.count(MetricName.ONBOARDING_RATE_LIMITED);
    deps.logger.warn('sign-up rate limit reached: owner put on the waiting list', {
      owner: maskPhoneNumber(turn.current.phone),
      perHour: deps.signupRules.assignmentsPerHour,
    });
    return turn.wait(
      turn.wasWaiting
        ? { body: smsText.onboardingStillWaiting(), purpose: 'onboarding-still-waiting' }
        : { body: smsText.onboardingRateLimited(), purpose: 'onboarding-rate-limited' },
    );
  }
  // The slot and the client id in one save: a retry finds both and takes neither again.
  return (await turn.saveAs({ ...turn.current, clientId: newClientId(), assignmentSlot: slot }, false)).saved
    ? undefined
    : { kind: 'conflict' };
}

async function assignFromPool(turn: AssignTurn, deps: AssignDeps): Promise<Step> {
  const { current, ownerPhone } = turn;
  const businessName = current.businessName ?? '';
  let number: E164 | undefined;
  try {
    number = await assignNumber({ clientId: current.clientId as string, businessName, ownerPhone }, deps, turn.now);
  } catch (error) {
    if (error instanceof BusinessNameTakenError) return askForAnotherName(turn, deps);
    throw error;
  }
  if (!number) {
    if (!turn.wasWaiting) {
      deps.metrics.count(MetricName.ONBOARDING_POOL_EXHAUSTED);
      deps.logger.error('number pool exhausted: owner put on the waiting list', {
        owner: maskPhoneNumber(current.phone),
      });
    }
    return turn.wait(
      turn.wasWaiting
        ? { body: smsText.onboardingStillWaiting(), purpose: 'onboarding-still-waiting' }
        : { body: smsText.onboardingWaitingList(), purpose: 'onboarding-waiting-list' },
    );
  }
  const step = await turn.finish(
    { ...turn.current, step: 'DONE', assignedNumber: number },
    { body: smsText.onboardingAssigned(businessName, number), purpose: 'onboarding-assigned' },
  );
  if (step.kind !== 'saved') return step;
  if (turn.wasWaiting) await deps.signups.removeFromWaitingList(current.phone);
  deps.metrics.count(MetricName.ONBOARDING_NUMBER_ASSIGNED);
  deps.logger.info('number assigned to a new client', {
    owner: maskPhoneNumber(current.phone),
    clientId: current.clientId,
    number: maskPhoneNumber(number),
  });
  return step;
}

/**
 * Another business took a name that looks the same after this one was chosen: back to the name question, and to the
 * operator again if approval is required. The client id, slot and any reservation stay on the conversation, so the
 * next name resumes the same assignment; the waiting-list job drops the owner's entry on its next run.
 */
function askForAnotherName(turn: AssignTurn, deps: AssignDeps): Promise<Step> {
  deps.metrics.count(MetricName.ONBOARDING_NAME_REFUSED);
  const { businessName: _taken, approved: _approved, ...rest } = turn.current;
  return turn.finish(
    { ...rest, step: 'ASK_BUSINESS_NAME' },
    { body: smsText.onboardingBadName('too-close'), purpose: 'onboarding-bad-name' },
  );
}

export function replyCapped(deps: { metrics: Metrics; logger: Logger }, phone: E164): void {
  deps.metrics.count(MetricName.ONBOARDING_REPLY_CAPPED);
  deps.logger.warn('sign-up replies to this sender reached the daily cap: no reply', {
    sender: maskPhoneNumber(phone),
  });
}
