import type { Clock } from '../../ports/clock';
import type { SignupConversation, SignupDecisionStore } from '../../ports/signup-store';
import { ConcurrentChangeError, RefusedError } from '../admin/admin-errors';
import type { E164 } from '../numbers/phone-number';
import { signupFingerprint, type ShownSignup } from './signup-fingerprint';

export interface DecideSignupDeps {
  signups: SignupDecisionStore;
  clock: Clock;
}

export type SignupDecision = 'approve' | 'reject';

/** What the operator approves: the fingerprint `signups list` printed, or the three values a confirmation showed. */
export type ListedSignup = { fingerprint: string } | ShownSignup;

export const SIGNUP_CHANGED = 'changed since listed; list again';

/** The sign-up changed after the operator saw it: nothing was written. */
export class SignupChangedError extends RefusedError {
  constructor(
    readonly phone: E164,
    readonly now?: ShownSignup,
  ) {
    super(`the sign-up from ${phone} ${SIGNUP_CHANGED}`);
  }
}

/** The sign-up waiting for approval from `phone`, as an operator is shown it (name, owner phone, alert phone). */
export async function readSignupForDecision(
  phone: E164,
  deps: Pick<DecideSignupDeps, 'signups'>,
): Promise<{ conversation: SignupConversation; shown: ShownSignup }> {
  const conversation = await deps.signups.get(phone);
  if (conversation?.step !== 'AWAITING_APPROVAL') {
    throw new RefusedError(
      conversation
        ? `the sign-up from ${phone} is not waiting for approval (it is at ${conversation.step})`
        : `no sign-up from ${phone}`,
    );
  }
  const { businessName, notifyPhone } = conversation;
  if (businessName === undefined || notifyPhone === undefined)
    throw new RefusedError(`the sign-up from ${phone} has no business name or alert phone yet`);
  return { conversation, shown: { businessName, ownerPhone: phone, notifyPhone } };
}

const sameAsListed = (shown: ShownSignup, listed: ListedSignup) =>
  'fingerprint' in listed
    ? signupFingerprint(shown) === listed.fingerprint.trim().toLowerCase()
    : shown.businessName === listed.businessName &&
      shown.ownerPhone === listed.ownerPhone &&
      shown.notifyPhone === listed.notifyPhone;

/**
 * An operator's decision on a sign-up waiting for approval (SIGNUP_APPROVAL_REQUIRED). Approving puts the owner on the
 * waiting list, approved: the waiting-list job assigns their number through assignOrWait, within the pool and this
 * hour's slots, and texts it from the onboarding number. An approval names what was listed and lands only on exactly
 * that: the stored name and alert phone are part of the write's condition, so a sign-up changed after the listing (or
 * while the approval runs) is refused with "changed since listed; list again". Rejecting ends the conversation: the
 * job sends the polite "no" once, and the sign-up's later texts are never answered. The operator needs no Twilio
 * credentials, only the tables.
 */
export async function decideSignup(
  phone: E164,
  decision: SignupDecision,
  deps: DecideSignupDeps,
  listed?: ListedSignup,
): Promise<SignupConversation> {
  const { conversation, shown } = await readSignupForDecision(phone, deps);
  if (decision === 'approve' && !listed) throw new Error('an approval names the sign-up as it was listed');
  if (listed && !sameAsListed(shown, listed)) throw new SignupChangedError(phone, shown);
  const now = deps.clock.now();
  const decided: SignupConversation = {
    ...conversation,
    ...(decision === 'approve' ? { step: 'WAITING_FOR_NUMBER', approved: true } : { step: 'REJECTED' }),
    updatedAt: now.toISOString(),
    version: conversation.version + 1,
  };
  const saved =
    decision === 'approve'
      ? await deps.signups.saveDecision(decided, conversation.version, shown)
      : await deps.signups.save(decided, conversation.version);
  if (!saved) {
    const after = await deps.signups.get(phone);
    const changed =
      after?.step !== 'AWAITING_APPROVAL' ||
      after.businessName !== shown.businessName ||
      after.notifyPhone !== shown.notifyPhone;
    if (changed && decision === 'approve') throw new SignupChangedError(phone);
    throw new ConcurrentChangeError(`the sign-up from ${phone} changed meanwhile: run the command again`);
  }
  // Both go through the waiting list: the job is what texts, from the onboarding number.
  await deps.signups.addToWaitingList(phone, now);
  await deps.signups.removePendingApproval(phone);
  return decided;
}
