import type { E164 } from '../domain/phone-number';

export type SignupStep = 'ASK_BUSINESS_NAME' | 'ASK_NOTIFY_PHONE' | 'CONFIRM' | 'DONE' | 'WAITING_FOR_NUMBER';

export interface SignupConversation {
  phone: E164;
  step: SignupStep;
  startedAt: string;
}

/** Sign-up conversations with new business owners, one per sender. */
export interface SignupStore {
  /** Opens a conversation at its first step; `created` is false when this sender already has one. */
  start(phone: E164, at: Date): Promise<{ created: boolean; conversation: SignupConversation }>;
}
