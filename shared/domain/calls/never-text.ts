import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';

/** Issue 19: the never-text list rides on the client record every route reads, so it is bounded (50 × ≤16 B). */
export const NEVER_TEXT_LIMIT = 50;

/** Whether the business asked never to text this number (family, suppliers, the owner's other phones). */
export function isNeverTexted(client: Pick<Client, 'neverText'>, phone: E164 | undefined): boolean {
  return phone !== undefined && client.neverText?.includes(phone) === true;
}
