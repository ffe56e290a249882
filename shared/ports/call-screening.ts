import type { E164 } from '../domain/numbers/phone-number';

export interface ScreeningRecord {
  callSid: string;
  business: E164;
  /** The caller as shown to the owner; undefined when withheld. */
  caller?: E164;
  /** When the owner pressed 1, if they did before the call's outcome was decided. */
  acceptedAt?: Date;
  /** When the Dial action or the status callback first asked for the outcome: after that, acceptance is refused. */
  decidedAt?: Date;
}

/** What a screening held when it was closed: the facts ring mode's outcome is decided from (ringOutcome). */
export interface ClosedScreening {
  /** The owner pressed 1 before the screening was closed. */
  accepted: boolean;
  /** The Dial action's DialCallStatus, once stored (by this close or an earlier one). */
  dialCallStatus?: string;
  /** True only for the first close, so the outcome is counted once. */
  firstDecision: boolean;
}

/**
 * The screening of one `ring` call, keyed by the caller's CallSid (the parent call). Its outcome is decided once:
 * the owner's acceptance counts only if it is stored before the Dial action or the status callback asks, in
 * whatever order those arrive and however often.
 */
export interface CallScreening {
  /** Before the owner's phone rings; a repeat keeps what is there. */
  expect(record: { callSid: string; business: E164; caller?: E164; at: Date }): Promise<void>;
  find(callSid: string): Promise<ScreeningRecord | undefined>;
  /** The owner pressed 1: true when that still counts (the outcome was not yet decided). */
  accept(callSid: string, at: Date): Promise<boolean>;
  /**
   * Closes the screening (idempotent: later acceptances are refused) and returns what it held; undefined when there
   * was none. The Dial action passes its DialCallStatus, stored so that a status callback arriving later knows it too.
   */
  close(callSid: string, at: Date, dialCallStatus?: string): Promise<ClosedScreening | undefined>;
}
