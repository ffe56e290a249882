import type { E164 } from '../domain/numbers/phone-number';

export interface ScreeningRecord {
  callSid: string;
  business: E164;
  /** The caller as shown to the owner; undefined when withheld. */
  caller?: E164;
  /** The owner phone we dialled (screenings stored before issue 17 have none). */
  ownerPhone?: E164;
  /** The child CallSid of the owner's leg, bound when it first asked for the screening. */
  ownerLeg?: string;
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

/** One owner leg as Twilio names it: its own CallSid, the caller's call, our business number (From) and the phone rung (To). */
export interface OwnerLeg {
  callSid: string;
  parentCallSid: string;
  business: E164;
  ownerPhone: E164;
}

/**
 * The screening of one `ring` call, keyed by the caller's CallSid (the parent call). Its outcome is decided once:
 * the owner's acceptance counts only if it is stored before the Dial action or the status callback asks, in
 * whatever order those arrive and however often.
 */
export interface CallScreening {
  /** Before the owner's phone rings (`ownerPhone`, the number dialled); a repeat keeps what is there. */
  expect(record: { callSid: string; business: E164; ownerPhone: E164; caller?: E164; at: Date }): Promise<void>;
  find(callSid: string): Promise<ScreeningRecord | undefined>;
  /**
   * The owner's leg asks for the screening: binds its CallSid to the screening of `leg.parentCallSid`, once (a second,
   * different leg cannot take over), only if the screening is this business's and the leg dialled the owner phone we
   * dialled. The screening as it now is; undefined when nothing matched (no such screening, another business, another
   * owner phone, another leg already bound).
   */
  bindOwnerLeg(leg: OwnerLeg): Promise<ScreeningRecord | undefined>;
  /**
   * The owner pressed 1 on the bound leg: true when that still counts (the outcome was not yet decided). False when
   * the screening is decided, or is not this leg's (no such screening, another business, owner phone or leg).
   */
  accept(leg: OwnerLeg, at: Date): Promise<boolean>;
  /**
   * Closes the screening (idempotent: later acceptances are refused) and returns what it held; undefined when there
   * was none. The Dial action passes its DialCallStatus, stored so that a status callback arriving later knows it too.
   */
  close(callSid: string, at: Date, dialCallStatus?: string): Promise<ClosedScreening | undefined>;
}

/** The status callback only closes a screening (to learn whether the owner took the call). */
export type ScreeningDecision = Pick<CallScreening, 'close'>;
