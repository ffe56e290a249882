import type { E164 } from '../domain/numbers/phone-number';

export interface CallClaim {
  business: E164;
  callSid: string;
  /** The caller to text back, when the plan includes a text-back. */
  textBackTo?: E164;
  /** How many SMS this call will send (text-back and owner notification), reserved against the daily cap. */
  sends: number;
  dailyCap: number;
  /** A text-back to the same caller after this moment is allowed; one before it is cooling down. */
  cooldownStart: Date;
  at: Date;
  /** Callers whose text-back time is past the cooldown: dropped in the same write, so the ledger stays small. */
  forget?: E164[];
}

export type CallClaimResult = 'claimed' | 'duplicate' | 'cooling-down' | 'cap-reached';

export interface SendReservation {
  business: E164;
  sends: number;
  dailyCap: number;
  /** Also allocate the next human job reference (#12) for this business. */
  allocateJobRef: boolean;
  at: Date;
}

/**
 * Per business number: claimed calls, outbound SMS per day against the cap, last text-back per caller, job references.
 * Every change is one conditional write, so retries and concurrent webhooks cannot double-send or overspend.
 */
export interface BusinessLedger {
  /** Claims a call once, reserving its sends and, with a text-back, the caller's cooldown slot. */
  claimCall(claim: CallClaim): Promise<CallClaimResult>;
  /** Reserves sends within today's cap; `granted` is false when the cap would be passed. */
  reserveSends(reservation: SendReservation): Promise<{ granted: boolean; jobRef?: number }>;
  /** Gives back sends reserved for work that turned out to be a duplicate. */
  releaseSends(business: E164, sends: number, at: Date): Promise<void>;
}
