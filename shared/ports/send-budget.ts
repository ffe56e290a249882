import type { LocalDay } from '../domain/common/local-day';
import type { E164 } from '../domain/numbers/phone-number';
import type { Tenure } from '../domain/numbers/tenure';

/**
 * An allowance of texts, dials or voicemails on one business number, per day of the business (its time zone)
 * unless said otherwise:
 * - `automated`: text-backs and acknowledgements to one counterpart;
 * - `help`: HELP/INFO replies to one counterpart;
 * - `owner`: alerts and forwards to the owner;
 * - `cap-notice`: the one text a day that tells the owner a cap was reached;
 * - `owner-dials`: ring mode's dials of the owner, per UTC **hour** (`YYYY-MM-DDTHH`, carried by the line);
 * - `caller-dials`: ring mode's dials of the owner for one caller (`withheld` for every withheld caller);
 * - `voicemails`: one caller's voicemails that reach the owner;
 * - `emergency`: issue 19, one customer's emergency (safety reply and ring), once a day (`withheld` for senders without one).
 */
export type BudgetLine =
  | { kind: 'automated'; counterpart: E164 }
  | { kind: 'help'; counterpart: E164 }
  /** Issue 19: our confirmation of a Spanish opt-out (PARAR, ALTO), which Twilio does not confirm. */
  | { kind: 'opt-out-confirmation'; counterpart: E164 }
  | { kind: 'owner' }
  | { kind: 'cap-notice'; cap: 'customer' | 'owner' }
  | { kind: 'owner-dials'; hour: string }
  | { kind: 'caller-dials'; caller: E164 | 'withheld' }
  | { kind: 'voicemails'; caller: E164 | 'withheld' }
  | { kind: 'emergency'; counterpart: E164 | 'withheld' };

export interface BudgetTake {
  /** The business whose budget it is (its tenure of the number): a number's next owner starts with its own. */
  business: Tenure;
  line: BudgetLine;
  /** How many the day (the hour, for `owner-dials`) allows on this line. */
  limit: number;
  /** How many to take at once (the parts of one forward). */
  count?: number;
  /** The business's own calendar day (its time zone), computed by the domain: the adapter only stores it. */
  day: LocalDay;
}

/** Counters, one small item per line and local day (or hour) that expires by itself. Each take is one conditional write. */
export interface SendBudget {
  /** Takes `count` (default 1) within `limit` for today; false, taking nothing, when that would pass the limit. */
  take(take: BudgetTake): Promise<boolean>;
  /** How many were taken on the line in its current window (one read; 0 when nothing was). */
  used(business: Tenure, line: BudgetLine, day: LocalDay): Promise<number>;
}

/** Takes only: what a function that never reads a budget back needs (the SMS function, the owner-texts job). */
export type BudgetTakes = Pick<SendBudget, 'take'>;
