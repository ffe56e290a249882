import type { E164 } from '../domain/numbers/phone-number';
import type { Tenure } from '../domain/numbers/tenure';

/**
 * A daily allowance of texts on one business number:
 * - `automated`: text-backs and acknowledgements to one counterpart;
 * - `help`: HELP/INFO replies to one counterpart;
 * - `owner`: alerts and forwards to the owner;
 * - `cap-notice`: the one text a day that tells the owner a cap was reached.
 */
export type BudgetLine =
  | { kind: 'automated'; counterpart: E164 }
  | { kind: 'help'; counterpart: E164 }
  | { kind: 'owner' }
  | { kind: 'cap-notice'; cap: 'customer' | 'owner' };

export interface BudgetTake {
  /** The business whose budget it is (its tenure of the number): a number's next owner starts with its own. */
  business: Tenure;
  line: BudgetLine;
  /** How many the day allows on this line. */
  limit: number;
  /** How many to take at once (the parts of one forward). */
  count?: number;
  at: Date;
}

/** Per-day counters, one small item per line and UTC day that expires by itself. Each take is one conditional write. */
export interface SendBudget {
  /** Takes `count` (default 1) within `limit` for today; false, taking nothing, when that would pass the limit. */
  take(take: BudgetTake): Promise<boolean>;
}
