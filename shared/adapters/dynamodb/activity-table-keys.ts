import type { CustomerKey } from '../../domain/sms/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Tenure } from '../../domain/numbers/tenure';
import { tenurePartition } from './tenure-partition';

/**
 * Keys of the activity table, in one place (see tables.ts for the design), used as `activityKeys.<name>`
 * (activity-keys.ts): one export each, so a bundle carries only the keys its adapters build.
 */
export const ledger = (tenure: Tenure) => ({ pk: tenurePartition(tenure), sk: 'LEDGER' });
/** Opt-outs stay with the number (carriers keep them so): `BIZ#<number>`, whoever has it. */
export const contact = (business: E164, phone: CustomerKey) => ({ pk: `BIZ#${business}`, sk: `CONTACT#${phone}` });
/** Every contact (opt-out) of one number: one partition, read by Query. */
export const contacts = (business: E164) => ({ pk: `BIZ#${business}`, skPrefix: 'CONTACT#' });
/** The number's time in the pool: when its opt-outs expire, while no business has it (opt-out-retention.ts). */
export const pool = (business: E164) => ({ pk: `BIZ#${business}`, sk: 'POOL' });
/** When this business last texted this caller back: the cooldown, one small item per caller. */
export const caller = (tenure: Tenure, caller: CustomerKey) => ({
  pk: tenurePartition(tenure),
  sk: `CALLER#${caller}`,
});
export const openJob = (tenure: Tenure, customer: CustomerKey) => ({
  pk: tenurePartition(tenure),
  sk: `OPENJOB#${customer}`,
});
/** Every open job of one business: one partition, read by Query. */
export const openJobs = (tenure: Pick<Tenure, 'clientId'>) => ({ pk: tenurePartition(tenure), skPrefix: 'OPENJOB#' });
export const closedJob = (tenure: Tenure, ref: number, jobId: string) => ({
  pk: tenurePartition(tenure),
  sk: `JOB#${String(ref).padStart(6, '0')}#${jobId}`,
});
/** One message of a job, under the job's own partition, in time order. */
export const jobMessage = (jobId: string, at: Date, messageSid: string) => ({
  pk: `JOB#${jobId}`,
  sk: `MSG#${at.toISOString()}#${messageSid}`,
});
export const jobMessages = (jobId: string) => ({ pk: `JOB#${jobId}`, skPrefix: 'MSG#' });
export const call = (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'CALL' });
/** Issue 19: the voice webhook's verdict that the caller's ID failed verification (only for a screened call). */
export const spamVerdict = (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'SCREENED' });
/** A `ring` call's screening: whether the owner pressed 1, decided once (issue 12). */
export const screening = (callSid: string) => ({ pk: `SCREEN#${callSid}`, sk: 'SCREEN' });
/** One voicemail by its RecordingSid: the recording, and the one owner text it may produce. */
export const voicemail = (recordingSid: string) => ({ pk: `VOICEMAIL#${recordingSid}`, sk: 'VOICEMAIL' });
/** A voicemail's place on the caller's job: claimed once per RecordingSid, with the job's message (issue 12). */
export const voicemailOnJob = (recordingSid: string) => ({ pk: `VOICEMAIL#${recordingSid}`, sk: 'JOB' });
export const message = (messageSid: string) => ({ pk: `MESSAGE#${messageSid}`, sk: 'MESSAGE' });
export const signup = (phone: E164) => ({ pk: `SIGNUP#${phone}`, sk: 'SIGNUP' });
export const waitingList = (phone: E164) => ({ pk: 'WAITLIST', sk: phone });
/** A request for `alertPhone` to accept someone's sign-up alerts: one at a time per phone. */
export const alertRequest = (alertPhone: E164) => ({ pk: `ALERTREQ#${alertPhone}`, sk: 'ALERTREQ' });
/** Numbers assigned in one hour (e.g. 2026-11-30T05), for the whole environment. */
export const assignmentSlots = (hour: string) => ({ pk: 'SIGNUP_RATE', sk: hour });
export const pendingApproval = (phone: E164) => ({ pk: 'APPROVALS', sk: phone });
/** Issue 19: a job closed at `closedAt`, noted for the digest of its week (five weeks, then expired). */
export const closedJobNote = (tenure: Pick<Tenure, 'clientId'>, closedAt: string, ref: number) => ({
  pk: tenurePartition(tenure),
  sk: `CLOSED#${closedAt}#${ref}`,
});
/** Issue 19: one business's missed calls of a week (week-figures.ts), the week named by its Monday (its own). */
export const weekTally = (tenure: Pick<Tenure, 'clientId'>, week: string) => ({
  pk: tenurePartition(tenure),
  sk: `WEEK#${week}`,
});
/** Issue 19: this business asked this customer for a review (at most once per 90 days); TTL 90 days. */
export const reviewAsked = (tenure: Pick<Tenure, 'clientId'>, customer: E164) => ({
  pk: tenurePartition(tenure),
  sk: `REVIEWED#${customer}`,
});
/** Issue 19: this business's digest of the week starting `week` was taken (sent at most once). */
export const digestSent = (tenure: Pick<Tenure, 'clientId'>, week: string) => ({
  pk: tenurePartition(tenure),
  sk: `DIGEST#${week}`,
});
/**
 * Issue 19: the owner-texts job's queue, in due order (`<dueAt>#<kind>#<clientId>[#<customer>]`): one Query reads what
 * is due. Keyed by the business's client id, never its number alone; the job acts only while that client still holds
 * the number (tenureOwner).
 */
export const OWNER_TEXT_QUEUE = 'OWNERTEXTS';
export const ownerTextQueued = (sk: string) => ({ pk: OWNER_TEXT_QUEUE, sk });
