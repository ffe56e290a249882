import type { CustomerKey } from '../domain/jobs/customer-key';
import type { E164 } from '../domain/numbers/phone-number';
import type { NumberEntry } from './number-directory';

/** What the business ledger says about text-backs, as read with the exchange (the daily cap is checked by its write). */
export interface LedgerSnapshot {
  /** When this caller was last texted back by this business (planned or sent). */
  lastTextBackAt(caller: E164): Date | undefined;
  /** Callers last texted back before `before`: past their cooldown, so the ledger can forget them. */
  textedBackBefore(before: Date): E164[];
}

export interface OpenJobSnapshot {
  jobId: string;
  ref: number;
  customer: CustomerKey;
}

/**
 * Everything the status and SMS webhooks need about one exchange between a business number and a counterpart,
 * read in a single round trip: both numbers' directory entries, the counterpart's opt-out, the business's ledger
 * (daily sends, text-back times) and the counterpart's open job.
 */
export interface ExchangeSnapshot {
  business: NumberEntry;
  /** The counterpart's own directory entry: non-empty when the caller or sender is one of our numbers. */
  counterpart: NumberEntry;
  counterpartOptedOut: boolean;
  ledger: LedgerSnapshot;
  openJob?: OpenJobSnapshot;
}

export interface ExchangeReader {
  read(business: E164, counterpart: CustomerKey | undefined): Promise<ExchangeSnapshot>;
}
