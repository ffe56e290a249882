import type { E164 } from '../domain/numbers/phone-number';

export type OptOutSource = 'keyword' | 'carrier';

/** Per business number and customer: whether the customer has opted out. Nothing is ever sent to one who has. */
export interface Contacts {
  optOut(business: E164, customer: E164, source: OptOutSource, at: Date): Promise<void>;
  optIn(business: E164, customer: E164, at: Date): Promise<void>;
  /** Whether the customer has opted out now (a strongly consistent read: a STOP a moment ago counts). */
  hasOptedOut(business: E164, customer: E164): Promise<boolean>;
}
