import type { E164 } from '../domain/numbers/phone-number';
import type { Delivery } from '../domain/sending/delivery';

/**
 * Where a sign-up conversation is (README, "Sign-up"): name -> alert phone -> confirm -> (the alert phone's YES when
 * it is another phone) -> (an operator's approval, when required) -> a number, or the waiting list.
 */
export type SignupStep =
  | 'ASK_BUSINESS_NAME'
  | 'ASK_NOTIFY_PHONE'
  | 'CONFIRM'
  | 'AWAITING_ALERT_PHONE'
  | 'AWAITING_APPROVAL'
  | 'WAITING_FOR_NUMBER'
  | 'DONE'
  | 'REJECTED';

export interface SignupConversation {
  /** The phone the owner texts from. */
  phone: E164;
  step: SignupStep;
  businessName?: string;
  notifyPhone?: E164;
  clientId?: string;
  assignedNumber?: E164;
  startedAt: string;
  updatedAt: string;
  /** Bumped on every change: a write only lands on the version it was based on. */
  version: number;
  /** The latest texts applied to this conversation, so a retried webhook is recognised. */
  messageSids?: string[];
  /** The reply to the latest text, to send again if the delivery that applied it failed before recording it. */
  lastReply?: { messageSid: string; body: string; purpose: string };
  /** When the other phone named for alerts was asked to reply YES (AWAITING_ALERT_PHONE). */
  alertRequestedAt?: string;
  /** The other phone named for alerts said YES. */
  alertPhoneAccepted?: boolean;
  /** An operator approved this sign-up (SIGNUP_APPROVAL_REQUIRED). */
  approved?: boolean;
  /** This sign-up holds one of its hour's assignment slots (SIGNUP_ASSIGNMENTS_PER_HOUR): never taken twice. */
  assignmentSlot?: string;
  /** Replies sent to this sender today (UTC), against SIGNUP_REPLIES_PER_DAY. */
  replies?: { day: string; count: number };
  /** REJECTED: the polite "no" has been sent (by the waiting-list job). */
  rejectionSent?: boolean;
  /** The waiting-list job's "your number is ready" text, when Twilio failed to take it: finished by its next runs. */
  numberText?: NumberText;
}

/**
 * A text the waiting-list job owes an owner (one per conversation, overwritten, so bounded): what to send, from where,
 * and how far it got. `queued`: to finish on the next run; `sending`: a run holds it until `until`; then `sent`,
 * `failed` (refused, or given up) or `skipped`.
 */
export interface NumberText {
  body: string;
  purpose: string;
  from: E164;
  delivery: Delivery;
  /** The runs that took it to finish it. */
  attempts: number;
}

/** A request for another phone to accept a sign-up's alerts: one per alert phone at a time, with a TTL. */
export interface AlertPhoneRequest {
  alertPhone: E164;
  /** Who asked: the phone signing up. */
  requester: E164;
  businessName: string;
  requestedAt: string;
  state: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CLOSED';
  /** The MessageSid of the alert phone's answer, so a retried webhook is recognised. */
  answeredBy?: string;
}

/** A completed sign-up waiting for an operator. */
export interface PendingApproval {
  phone: E164;
  businessName: string;
  notifyPhone: E164;
  since: string;
}

export type AlertRequestResult = 'requested' | 'already-requested-by-you' | 'busy';

/**
 * Sign-up conversations with new business owners, one per sender, and the writes the SMS webhook makes to the waiting
 * list, approvals and limits (no listing, so the webhook's bundle carries none).
 */
export interface SignupConversationStore {
  get(phone: E164): Promise<SignupConversation | undefined>;
  /** The sender's conversation and any request addressed to the sender as someone else's alert phone, in one read. */
  readForSender(phone: E164): Promise<{ conversation?: SignupConversation; alertRequest?: AlertPhoneRequest }>;
  /**
   * Saves the conversation if nobody changed it since `expectedVersion` was read (0: it must not exist yet).
   * Returns false when someone did: the message is then answered from the newer state.
   */
  save(conversation: SignupConversation, expectedVersion: number): Promise<boolean>;
  addToWaitingList(phone: E164, at: Date): Promise<void>;
  removeFromWaitingList(phone: E164): Promise<void>;

  /**
   * Opens a request for `alertPhone` unless another one is open (not answered, younger than `expiredBefore`):
   * the alert phone is asked by one requester at a time, once.
   */
  requestAlertPhone(request: AlertPhoneRequest, expiredBefore: Date): Promise<AlertRequestResult>;
  /** Answers the open request (conditional on it being the same PENDING one); true when this answer landed. */
  answerAlertRequest(
    request: AlertPhoneRequest,
    state: 'ACCEPTED' | 'DECLINED' | 'CLOSED',
    messageSid: string,
    at: Date,
  ): Promise<boolean>;

  /**
   * Takes one of this hour's `perHour` assignment slots, for the whole environment, with one conditional write on an
   * item per hour (TTL). Returns the slot's hour, or undefined when the hour is full.
   */
  takeAssignmentSlot(at: Date, perHour: number): Promise<string | undefined>;

  addPendingApproval(approval: PendingApproval): Promise<void>;
  removePendingApproval(phone: E164): Promise<void>;
}

/** The whole sign-up store: the conversations' writes and the waiting list's and approvals' listings. */
export interface SignupStore extends SignupConversationStore {
  /** Owners waiting for a number (or for the "no" of a rejection, or for a number text to finish), first come first served. */
  waitingList(): Promise<E164[]>;
  /** Sign-ups waiting for an operator, oldest first (one Query, never a Scan). */
  pendingApprovals(): Promise<PendingApproval[]>;
}

/** The operator's side of the sign-ups (the admin CLI only, so no webhook bundle carries it). */
export interface SignupDecisionStore extends SignupStore {
  /**
   * Saves an operator's decision only if the stored sign-up is still at `expectedVersion`, AWAITING_APPROVAL, with exactly
   * the name and alert phone the operator was shown: one conditional write, so a change racing the decision loses.
   */
  saveDecision(
    conversation: SignupConversation,
    expectedVersion: number,
    shown: { businessName: string; notifyPhone: E164 },
  ): Promise<boolean>;
}
