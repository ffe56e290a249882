import { createHash } from 'node:crypto';
import type { E164 } from '../numbers/phone-number';

/** What an operator sees of a sign-up before approving it, and what the approval must find unchanged. */
export interface ShownSignup {
  businessName: string;
  ownerPhone: E164;
  notifyPhone: E164;
}

/**
 * A short, stable fingerprint of what `admin signups list` showed: the first 8 hex digits of a SHA-256 over the three
 * values as a JSON array (a canonical encoding: no value can run into the next). `signups approve --fingerprint` must
 * match it, so a sign-up changed after it was listed is never approved unseen.
 */
export function signupFingerprint(shown: ShownSignup): string {
  const canonical = JSON.stringify([shown.businessName, shown.ownerPhone, shown.notifyPhone]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 8);
}
