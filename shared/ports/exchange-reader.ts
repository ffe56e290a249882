import type { CustomerKey } from '../domain/sms/customer-key';
import type { E164 } from '../domain/numbers/phone-number';
import type { NumberEntry } from './number-directory';

/** What the business ledger says, as read with the exchange (the daily cap is checked by its write). */
export interface LedgerSnapshot {
  /** When this caller was last texted back by this business (planned or sent). */
  lastTextBackAt(caller: E164): Date | undefined;
  /** The last job reference given out by this business (0: none yet). */
  jobSequence: number;
}

/** The CallSid or MessageSid of the webhook, whose record (and claim) is read with the exchange. */
export type HandledSid = { callSid: string } | { messageSid: string };

export interface OpenJobSnapshot {
  jobId: string;
  ref: number;
  customer: CustomerKey;
  messageCount: number;
}

/**
 * Everything the status and SMS webhooks need about one exchange between a business number and a counterpart,
 * read in a single round trip: both numbers' directory entries, the counterpart's opt-out, the business's ledger
 * (daily sends, job sequence), the counterpart's last text-back, the counterpart's open job and the webhook's own record.
 */
export interface ExchangeSnapshot {
  business: NumberEntry;
  /** The counterpart's own directory entry: non-empty when the caller or sender is one of our numbers. */
  counterpart: NumberEntry;
  counterpartOptedOut: boolean;
  ledger: LedgerSnapshot;
  openJob?: OpenJobSnapshot;
  /** The record of this very CallSid or MessageSid, when one exists: its claim (CLAIMED/RECEIVED) or its outcome. */
  handled?: { state: string };
  /** Issue 19: the StirVerstat of a call the voice webhook screened (its caller ID failed verification). */
  spamVerdict?: string;
}

export interface ExchangeReader {
  read(business: E164, counterpart: CustomerKey | undefined, sid?: HandledSid): Promise<ExchangeSnapshot>;
}
