import type { E164 } from '../numbers/phone-number';

/**
 * Who a job is with, for a sender we can never text: an alphanumeric sender ID, a short code, a number the parser
 * rejects. Never starts with `+`, so it is never mistaken for a number; nothing can be sent to it.
 */
export type SenderKey = string & { readonly __brand: 'SenderKey' };

/** A job's customer: a number we may reply to (subject to the destination policy), or a sender we never reply to. */
export type CustomerKey = E164 | SenderKey;

const SENDER_PREFIX = 'sender:';

/** The key of an unreplyable sender: its visible characters, at most 32 (Twilio sender IDs are 11, short codes 3-8). */
export function senderKey(rawFrom: string): SenderKey {
  const visible = rawFrom
    .replace(/[^A-Za-z0-9+ ._-]/g, '')
    .trim()
    .slice(0, 32);
  return `${SENDER_PREFIX}${visible || 'unknown'}` as SenderKey;
}

/** The number to reply to, or undefined for a sender we can never text. */
export function replyableNumber(customer: CustomerKey): E164 | undefined {
  return customer.startsWith(SENDER_PREFIX) ? undefined : (customer as E164);
}

/** How the owner sees the customer: their number, or the sender ID as it came. */
export function customerLabel(customer: CustomerKey): string {
  return customer.startsWith(SENDER_PREFIX) ? customer.slice(SENDER_PREFIX.length) : customer;
}
