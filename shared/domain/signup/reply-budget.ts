import type { SignupConversation } from '../../ports/signup-store';

/** A reply to the owner, and why it is sent (recorded with the delivery). */
export interface Reply {
  body: string;
  purpose: string;
}

/** Replies an owner gets once in a sign-up whatever the count: the number they signed up for is never held back. */
const ALWAYS_SENT = new Set(['onboarding-assigned']);

/**
 * Counts a reply against the sender's daily budget (SIGNUP_REPLIES_PER_DAY), carried on their own conversation so it
 * is saved with the same conditional write: no extra item, no extra call, and never more than one counter per sender.
 * Over the budget the reply is dropped (`capped`), the text itself is still applied.
 */
export function countReply(
  conversation: Pick<SignupConversation, 'replies'>,
  reply: Reply | undefined,
  now: Date,
  perDay: number,
): { replies?: SignupConversation['replies']; reply?: Reply; capped: boolean } {
  const day = now.toISOString().slice(0, 10);
  const sentToday = conversation.replies?.day === day ? conversation.replies.count : 0;
  if (!reply) return { ...(conversation.replies ? { replies: conversation.replies } : {}), capped: false };
  if (sentToday >= perDay && !ALWAYS_SENT.has(reply.purpose))
    return { replies: { day, count: sentToday }, capped: true };
  return { replies: { day, count: sentToday + 1 }, reply, capped: false };
}
