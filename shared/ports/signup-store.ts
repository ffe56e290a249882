import type { E164 } from '../domain/numbers/phone-number';

export type SignupStep = 'ASK_BUSINESS_NAME' | 'ASK_NOTIFY_PHONE' | 'CONFIRM' | 'WAITING_FOR_NUMBER' | 'DONE';

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
}

/** Sign-up conversations with new business owners, one per sender, and the waiting list for numbers. */
export interface SignupStore {
  get(phone: E164): Promise<SignupConversation | undefined>;
  /**
   * Saves the conversation if nobody changed it since `expectedVersion` was read (0: it must not exist yet).
   * Returns false when someone did: the message is then answered from the newer state.
   */
  save(conversation: SignupConversation, expectedVersion: number): Promise<boolean>;
  addToWaitingList(phone: E164, at: Date): Promise<void>;
  removeFromWaitingList(phone: E164): Promise<void>;
  /** Owners waiting for a number, first come first served. */
  waitingList(): Promise<E164[]>;
}
