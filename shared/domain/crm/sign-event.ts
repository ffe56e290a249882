import { createHmac } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, as Stripe signs its webhooks. */
export const CRM_SIGNATURE_HEADER = 'x-mct-signature';
/** The event's id again, for a receiver that de-duplicates before it parses the body. */
export const CRM_EVENT_ID_HEADER = 'x-mct-event-id';

/**
 * The signature header of one POST. The timestamp is signed with the body, so a receiver that refuses old timestamps
 * (docs/admin.md: five minutes) cannot be replayed a captured request later; the whole secret string is the key.
 */
export function crmSignature(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
