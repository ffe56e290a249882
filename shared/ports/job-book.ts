import type { CustomerKey } from '../domain/jobs/customer-key';
import type { E164 } from '../domain/numbers/phone-number';

export interface JobMessage {
  messageSid: string;
  /** Who wrote it: the customer, or the owner replying through the business number. */
  author: 'customer' | 'owner';
  body: string;
  mediaUrls: string[];
  at: Date;
}

export interface Job {
  jobId: string;
  /** Short, human and unique per business: shown as `#12`. */
  ref: number;
  clientId: string;
  business: E164;
  customer: CustomerKey;
  status: 'OPEN' | 'DONE';
  openedAt: string;
  lastMessageAt: string;
  messageCount: number;
  messages: Array<Omit<JobMessage, 'at'> & { at: string }>;
}

export type AddCustomerMessageResult =
  | { kind: 'added'; jobId: string; ref: number; isNew: boolean }
  /** This MessageSid is already on the job: a retried webhook. */
  | { kind: 'duplicate' }
  /** No open job and no reference was given to open one. */
  | { kind: 'no-open-job' };

/** A text about a job that Twilio refused or that never got an answer, kept on the job for the owner and on-call. */
export interface JobSendFailure {
  messageSid: string;
  /** What the text was: `owner-forward`, `customer-ack`, `owner-relay`. */
  purpose: string;
  error: string;
  providerCode?: number;
  at: Date;
}

/** Jobs per business number: one open job per customer, with every message in and out. */
export interface JobBook {
  /** Appends to the customer's open job; opens one with `newRef` when there is none and a ref is given. */
  addCustomerMessage(business: E164, clientId: string, customer: CustomerKey, message: JobMessage, newRef?: number): Promise<AddCustomerMessageResult>;
  /** Adds the owner's reply to the customer's open job, once per MessageSid. */
  addOwnerReply(business: E164, customer: CustomerKey, message: JobMessage): Promise<'added' | 'duplicate' | 'no-open-job'>;
  /** Open jobs, most recent message first. */
  listOpen(business: E164): Promise<Job[]>;
  /** Notes a failed send on the customer's open job (a no-op when the job is no longer open). */
  recordSendFailure(business: E164, customer: CustomerKey, failure: JobSendFailure): Promise<void>;
  /** Closes the customer's open job; undefined when it was already closed. */
  close(business: E164, customer: CustomerKey, at: Date): Promise<Job | undefined>;
}
