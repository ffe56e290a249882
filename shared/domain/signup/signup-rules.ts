/** The sign-up limits, per environment (shared/config.ts reads them). */
export interface SignupRules {
  /** At most this many numbers assigned per hour in the environment; over it, owners wait on the waiting list. */
  assignmentsPerHour: number;
  /** A completed sign-up waits for an operator (`admin signups approve|reject`) before a number is assigned. */
  approvalRequired: boolean;
  /** At most this many replies from the onboarding number to one sender per day (UTC); after that, silence. */
  repliesPerDay: number;
  /** All texts from the onboarding number per day (UTC), counted on its ledger like a business's daily cap. */
  onboardingDailySmsCap: number;
  /** Days a released number rests before the waiting-list job puts it back in the pool (0: at its next run). */
  numberQuarantineDays: number;
}

/** An alert phone named by someone else has this long to reply YES; then the request lapses and the phone is free. */
export const ALERT_PHONE_REQUEST_HOURS = 24;

/** The defaults, as documented in the README's settings table. */
export const DEFAULT_SIGNUP_RULES: SignupRules = {
  assignmentsPerHour: 20,
  approvalRequired: false,
  repliesPerDay: 20,
  onboardingDailySmsCap: 1000,
  numberQuarantineDays: 30,
};
