import type { E164 } from '../domain/numbers/phone-number';

/**
 * How long a number's opt-outs are kept (issue 11 §3): as long as the number serves a business, and for a year after it
 * goes back to the pool. They stay with the number, as Twilio's own opt-out records do. Both calls are idempotent and
 * finish what an interrupted earlier call left, so a retry or a rerun is always safe.
 */
export interface OptOutRetention {
  /** The number serves a business (again): its opt-outs lose any expiry. Called before the number is assigned. */
  keepOptOuts(number: E164, at: Date): Promise<void>;
  /** The number went back to the pool at `at`: its opt-outs expire a year after. Called after it is released. */
  expireOptOuts(number: E164, at: Date): Promise<void>;
}

/** The side assigning a number uses (the SMS webhook, the waiting list): keeping its opt-outs. */
export type OptOutKeeper = Pick<OptOutRetention, 'keepOptOuts'>;
