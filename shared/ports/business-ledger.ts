import type { WeekTallyChange } from '../domain/after-job/week-figures';
import type { LocalDay } from '../domain/common/local-day';
import type { E164 } from '../domain/numbers/phone-number';
import type { Tenure } from '../domain/numbers/tenure';
import type { BudgetLine, BudgetTake } from './send-budget';

export interface CallClaim {
  /** The business the call reached (its tenure of the number): its cap, cooldowns and budgets. */
  business: Tenure;
  callSid: string;
  /** The caller whose cooldown slot the claim takes: the one to text back (or refused only by its daily budget). */
  textBackTo?: E164;
  /** How many SMS this call will send (text-back and owner notification), reserved against the daily cap. */
  sends: number;
  dailyCap: number;
  /** A text-back to the same caller after this moment is allowed; one before it is cooling down. */
  cooldownStart: Date;
  at: Date;
  /** The business's own calendar day, whose counter the sends are reserved against. */
  day: LocalDay;
  /** Daily send budgets taken with the claim (at most one per line kind), as `SendBudget.take` would take them. */
  budgets?: readonly BudgetTake[];
  /** Issue 19: the call on its week's figures (week-figures.ts), counted in the claim: once per CallSid. */
  tally?: WeekTallyChange;
}

/**
 * `duplicate` whatever else failed; then the cap, then the cooldown; `budgetsSpent` only when everything else held.
 * Anything but `claimed` wrote nothing: claim again without what refused.
 */
export type CallClaimResult =
  | 'claimed'
  | 'duplicate'
  | 'cooling-down'
  | 'cap-reached'
  | { budgetsSpent: Array<BudgetLine['kind']> };

export interface SendReservation {
  business: Tenure;
  sends: number;
  dailyCap: number;
  /** The calendar day whose counter takes the sends: the business's own, or the deployment's for the onboarding number. */
  day: LocalDay;
}

/**
 * Per business (its tenure of a number): outbound SMS per day against the cap, and the claims of calls (each CallSid its own item).
 * Every change is conditional, so retries and concurrent webhooks cannot double-send or overspend.
 */
export interface BusinessLedger {
  /**
   * Claims a call once per CallSid (for the replay window and beyond), reserving its sends, the caller's cooldown slot
   * (with `textBackTo`) and its daily budgets, all at once: either everything is taken or nothing is.
   */
  claimCall(claim: CallClaim): Promise<CallClaimResult>;
  /** Reserves sends within today's cap; `granted` is false when the cap would be passed. */
  reserveSends(reservation: SendReservation): Promise<{ granted: boolean }>;
}

/** The ledger's counters alone (sends against the day's cap): what the SMS function asks of it. */
export type SendReservations = Pick<BusinessLedger, 'reserveSends'>;
