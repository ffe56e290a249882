import type { CustomerKey } from '../../domain/jobs/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';

/** Keys of the activity table, in one place (see tables.ts for the design). */
export const activityKeys = {
  ledger: (business: E164) => ({ pk: `BIZ#${business}`, sk: 'LEDGER' }),
  contact: (business: E164, phone: CustomerKey) => ({ pk: `BIZ#${business}`, sk: `CONTACT#${phone}` }),
  openJob: (business: E164, customer: CustomerKey) => ({ pk: `BIZ#${business}`, sk: `OPENJOB#${customer}` }),
  closedJob: (business: E164, ref: number, jobId: string) => ({ pk: `BIZ#${business}`, sk: `JOB#${String(ref).padStart(6, '0')}#${jobId}` }),
  call: (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'CALL' }),
  message: (messageSid: string) => ({ pk: `MESSAGE#${messageSid}`, sk: 'MESSAGE' }),
  signup: (phone: E164) => ({ pk: `SIGNUP#${phone}`, sk: 'SIGNUP' }),
  waitingList: (phone: E164) => ({ pk: 'WAITLIST', sk: phone }),
} as const;

/** The ledger keeps per-day attributes; days are UTC dates. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function daysBefore(at: Date, days: number): string {
  return dayOf(new Date(at.getTime() - days * 86_400_000));
}

export const TEXT_BACK_PREFIX = 'textback#';

export const ledgerAttributes = {
  sent: (day: string) => `sent#${day}`,
  calls: (day: string) => `calls#${day}`,
  textBack: (caller: E164) => `${TEXT_BACK_PREFIX}${caller}`,
} as const;
