/**
 * Retention (README "Data and DynamoDB calls"): activity records are kept for a year, then DynamoDB's TTL
 * (attribute `expiresAt`) removes them. A claim of a CallSid or MessageSid is the call's or message's own record, so
 * it is kept for that year too: far past the 30-day replay window.
 */
export const RETENTION_DAYS = 365;
const RETENTION_SECONDS = RETENTION_DAYS * 24 * 60 * 60;

export function expiresAt(from: Date): number {
  return Math.floor(from.getTime() / 1000) + RETENTION_SECONDS;
}

/** For small items that only matter for a while (a caller's cooldown): `from` plus `windowMs` plus a day's margin. */
export function expiresAfterWindow(from: Date, windowMs: number): number {
  return Math.floor((from.getTime() + windowMs + 86_400_000) / 1000);
}
