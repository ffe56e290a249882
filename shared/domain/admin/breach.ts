export type BreachKind =
  | 'invalid-role'
  | 'configured-onboarding-not-onboarding'
  | 'unconfigured-onboarding-number'
  | 'operational-without-client'
  | 'operational-client-missing'
  | 'operational-client-elsewhere'
  | 'owner-disagrees-with-record'
  | 'client-owns-non-operational'
  | 'client-owns-unlisted-number'
  | 'client-id-on-non-operational'
  | 'available-and-owned'
  /** A released number resting before reuse that is not a free SYSTEM number. */
  | 'resting-in-use'
  | 'client-in-several-places'
  /** The Twilio account's view (admin audit only; see audit-webhook-urls.ts). */
  | 'twilio-wiring-drift'
  | 'twilio-number-not-in-table';

/** One broken invariant, with the command that fixes it. */
export interface Breach {
  kind: BreachKind;
  phone?: string;
  clientId?: string;
  problem: string;
  fix: string;
}
