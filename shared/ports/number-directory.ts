import type { Client, NumberRecord } from '../domain/numbers/number-role';
import type { E164 } from '../domain/numbers/phone-number';

/** What the directory knows about one number, read in a single lookup. */
export interface NumberEntry {
  /** The number table record, if the number is in the table. */
  record?: NumberRecord;
  /** The client record that owns this number, if any. */
  owner?: Client;
}

/** Read side of the number table and the clients that own numbers. */
export interface NumberDirectory {
  lookup(phone: E164): Promise<NumberEntry>;
}
