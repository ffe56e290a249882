import type { E164 } from '../domain/numbers/phone-number';

/**
 * Released numbers resting before reuse (status RESTING), so that a business's old callers and customers do not reach
 * the next one. Only the waiting-list job ends a rest; sign-up never sees a resting number.
 */
export interface RestingNumbers {
  /**
   * Puts back into the pool each resting number whose rest (`quarantineDays` from its release) is over, and dates the
   * rest of those that still rest (`restsUntil`, shown by `admin numbers list`). At most `limit` numbers per run.
   */
  endRests(now: Date, quarantineDays: number, limit?: number): Promise<{ returned: E164[]; stillResting: number }>;
}
