import type { CustomerKey } from '../../domain/sms/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Tenure } from '../../domain/numbers/tenure';

/** The partition of everything one business accumulates: its client id, never the number it happens to have. */
export function tenurePartition(tenure: Pick<Tenure, 'clientId'>): string {
  return `CLIENT#${tenure.clientId}`;
}

/** Keys of the activity table, in one place (see tables.ts for the design). */
export const activityKeys = {
  ledger: (tenure: Tenure) => ({ pk: tenurePartition(tenure), sk: 'LEDGER' }),
  /** Opt-outs stay with the number (carriers keep them so): `BIZ#<number>`, whoever has it. */
  contact: (business: E164, phone: CustomerKey) => ({ pk: `BIZ#${business}`, sk: `CONTACT#${phone}` }),
  /** Every contact (opt-out) of one number: one partition, read by Query. */
  contacts: (business: E164) => ({ pk: `BIZ#${business}`, skPrefix: 'CONTACT#' }),
  /** The number's time in the pool: when its opt-outs expire, while no business has it (opt-out-retention.ts). */
  pool: (business: E164) => ({ pk: `BIZ#${business}`, sk: 'POOL' }),
  /** When this business last texted this caller back: the cooldown, one small item per caller. */
  caller: (tenure: Tenure, caller: CustomerKey) => ({ pk: tenurePartition(tenure), sk: `CALLER#${caller}` }),
  openJob: (tenure: Tenure, customer: CustomerKey) => ({ pk: tenurePartition(tenure), sk: `OPENJOB#${customer}` }),
  /** Every open job of one business: one partition, read by Query. */
  openJobs: (tenure: Pick<Tenure, 'clientId'>) => ({ pk: tenurePartition(tenure), skPrefix: 'OPENJOB#' }),
  closedJob: (tenure: Tenure, ref: number, jobId: string) => ({
    pk: tenurePartition(tenure),
    sk: `JOB#${String(ref).padStart(6, '0')}#${jobId}`,
  }),
  /** One message of a job, under the job's own partition, in time order. */
  jobMessage: (jobId: string, at: Date, messageSid: string) => ({
    pk: `JOB#${jobId}`,
    sk: `MSG#${at.toISOString()}#${messageSid}`,
  }),
  jobMessages: (jobId: string) => ({ pk: `JOB#${jobId}`, skPrefix: 'MSG#' }),
  call: (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'CALL' }),
  /** Issue 19: the voice webhook's verdict that the caller's ID failed verification (only for a screened call). */
  spamVerdict: (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'SCREENED' }),
  /** A `ring` call's screening: whether the owner pressed 1, decided once (issue 12). */
  screening: (callSid: string) => ({ pk: `SCREEN#${callSid}`, sk: 'SCREEN' }),
  /** One voicemail by its RecordingSid: the recording, and the one owner text it may produce. */
  voicemail: (recordingSid: string) => ({ pk: `VOICEMAIL#${recordingSid}`, sk: 'VOICEMAIL' }),
  /** A voicemail's place on the caller's job: claimed once per RecordingSid, with the job's message (issue 12). */
  voicemailOnJob: (recordingSid: string) => ({ pk: `VOICEMAIL#${recordingSid}`, sk: 'JOB' }),
  message: (messageSid: string) => ({ pk: `MESSAGE#${messageSid}`, sk: 'MESSAGE' }),
  signup: (phone: E164) => ({ pk: `SIGNUP#${phone}`, sk: 'SIGNUP' }),
  waitingList: (phone: E164) => ({ pk: 'WAITLIST', sk: phone }),
  /** A request for `alertPhone` to accept someone's sign-up alerts: one at a time per phone. */
  alertRequest: (alertPhone: E164) => ({ pk: `ALERTREQ#${alertPhone}`, sk: 'ALERTREQ' }),
  /** Numbers assigned in one hour (e.g. 2026-11-30T05), for the whole environment. */
  assignmentSlots: (hour: string) => ({ pk: 'SIGNUP_RATE', sk: hour }),
  pendingApproval: (phone: E164) => ({ pk: 'APPROVALS', sk: phone }),
} as const;

/** The ledger keeps per-day counters; each day is the business's own calendar day, given by the domain. */
export const ledgerAttributes = {
  sent: (day: string) => `sent#${day}`,
  jobSequence: 'jobSeq',
} as const;

/** A job's summary keeps the start of its latest message only. */
export const PREVIEW_LENGTH = 160;
