import type { Clock } from '../../ports/clock';
import type { SignupConversation, SignupStore } from '../../ports/signup-store';
import { ConcurrentChangeError, RefusedError } from '../admin/admin-errors';
import type { E164 } from '../numbers/phone-number';

export interface DecideSignupDeps {
  signups: SignupStore;
  clock: Clock;
}

export type SignupDecision = 'approve' | 'reject';

/**
 * An operator's decision on a sign-up waiting for approval (SIGNUP_APPROVAL_REQUIRED). Approving puts the owner on the
 * waiting list, approved: the waiting-list job assigns their number through assignOrWait, within the pool and this
 * hour's slots, and texts it from the onboarding number. Rejecting ends the conversation: the job sends the polite "no"
 * once, and the sign-up's later texts are never answered. The operator needs no Twilio credentials, only the tables.
 */
export async function decideSignup(
  phone: E164,
  decision: SignupDecision,
  deps: DecideSignupDeps,
): Promise<SignupConversation> {
  const conversation = await deps.signups.get(phone);
  if (conversation?.step !== 'AWAITING_APPROVAL') {
    throw new RefusedError(
      conversation
        ? `the sign-up from ${phone} is not waiting for approval (it is at ${conversation.step})`
        : `no sign-up from ${phone}`,
    );
  }
  const now = deps.clock.now();
  const decided: SignupConversation = {
    ...conversation,
    ...(decision === 'approve' ? { step: 'WAITING_FOR_NUMBER', approved: true } : { step: 'REJECTED' }),
    updatedAt: now.toISOString(),
    version: conversation.version + 1,
  };
  if (!(await deps.signups.save(decided, conversation.version)))
    throw new ConcurrentChangeError(`the sign-up from ${phone} changed meanwhile: run the command again`);
  // Both go through the waiting list: the job is what texts, from the onboarding number.
  await deps.signups.addToWaitingList(phone, now);
  await deps.signups.removePendingApproval(phone);
  return decided;
}
