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
}

export type CallClaimResult = 'claimed' | 'duplicate' | 'cooling-down' | 'cap-reached';

export interface SendReservation {
  business: E164;
  sends: number;
  dailyCap: number;
  at: Date;
}

/**
 * Per business number: outbound SMS per day against the cap, and the claims of calls (each CallSid its own item).
 * Every change is conditional, so retries and concurrent webhooks cannot double-send or overspend.
 */
export interface BusinessLedger {
  /**
   * Claims a call once per CallSid (for the replay window and beyond), reserving its sends and, with a text-back,
   * the caller's cooldown slot, all at once: either everything is taken or nothing is.
   */
  claimCall(claim: CallClaim): Promise<CallClaimResult>;
  /** Reserves sends within today's cap; `granted` is false when the cap would be passed. */
  reserveSends(reservation: SendReservation): Promise<{ granted: boolean }>;
  /** Gives back sends reserved for work that did not go ahead. */
  releaseSends(business: E164, sends: number, at: Date): Promise<void>;
}
