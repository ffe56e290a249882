import type { Client, NumberRecord, NumberStatus, TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';

/** A number table record as stored, with the raw role kept so a missing or invalid one can be reported and guarded. */
export interface NumberItem extends NumberRecord {
  /** The `role` attribute exactly as stored (undefined when absent). */
  storedRole?: unknown;
}

/**
 * A client, wherever its CLIENT item lives. A client that owns a number lives in that number's partition and has
 * `twilioNumber`; a client without a number (released, or not yet assigned) lives at `CLIENT#<id>` and has none.
 */
export interface ClientAccount extends Omit<Client, 'twilioNumber'> {
  twilioNumber?: E164;
}

/** The whole directory table, read once: what the audit and the import plan against. */
export interface DirectorySnapshot {
  numbers: NumberItem[];
  clients: ClientAccount[];
}

/** What a number should look like after an admin change. */
export interface NumberState {
  role: TwilioNumberRole;
  status: NumberStatus | string;
  clientId?: string;
}

/** A customer's job with a client, as the activity table holds it. */
export interface JobSummary {
  jobId: string;
  /** The short reference the owner sees (`#12`). */
  ref?: number;
  clientId: string;
  /** The business number the job came in on. */
  business?: string;
  customer: string;
  status: string;
  openedAt?: string;
  lastMessageAt?: string;
  messageCount: number;
}
