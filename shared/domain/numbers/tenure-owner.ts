import type { NumberEntry } from '../../ports/number-directory';
import { isClientNumber, isResting, type Client } from './number-role';
import { roleFromEntry, type RoleRules } from './resolve-number-role';
import type { Tenure } from './tenure';

/**
 * The client of a tenure, only while that tenure still holds its number: the number resolves (one role, decided by
 * roleFromEntry) to OPERATIONAL with this very client's record. A job that acts later in a business's name (issue 19:
 * a held review request, the weekly digest) asks this first, so a number that changed hands, rests, or lost its client
 * record sends nothing for its last owner (invariant 3: an OPERATIONAL number with no client record sends nothing).
 */
export function tenureOwner(tenure: Tenure, entry: NumberEntry, rules: RoleRules): Client | undefined {
  if (isResting(entry.record)) return undefined;
  const info = roleFromEntry(tenure.number, entry, rules);
  return isClientNumber(info) && info.client.id === tenure.clientId ? info.client : undefined;
}
