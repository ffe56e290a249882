import type { CustomerKey } from '../domain/sms/customer-key';
import type { LocalDay } from '../domain/common/local-day';
import type { E164 } from '../domain/numbers/phone-number';
import type { Tenure } from '../domain/numbers/tenure';
import type { InboundMessage } from './inbox';
import type { BudgetTake } from './send-budget';

export interface JobMessage {
  messageSid: string;
  /** Who wrote it: the customer, or the owner replying through the business number. */
  author: 'customer' | 'owner';
  body: string;
  mediaUrls: string[];
  at: Date;
}

/** A job's summary: what one item holds, whatever the number of its messages (each of those is its own item). */
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
  /** The start of the customer's latest text. */
  lastCustomerMessage: string;
  /** Issue 19: when the owner first replied on the job (the digest's median reply time). */
  firstOwnerReplyAt?: string;
}

export type StoredJobMessage = Omit<JobMessage, 'at'> & { at: string };

/** A customer's text to store on their job, with what the exchange read said about that job and the cap. */
export interface CustomerMessageIntake {
  /** The business the text reached: its job, its ledger (cap, job numbering) and its budgets. */
  business: Tenure;
  customer: CustomerKey;
  message: JobMessage;
  /** The inbound record, written as the MessageSid's claim. */
  inbound: InboundMessage;
  /** The customer's open job as read, if any, and the business's last job reference as read. */
  openJob?: { jobId: string; ref: number };
  jobSequence: number;
  /** Sends to reserve against today's cap: for a text joining an open job, and for one opening a job. */
  sends: { joining: number; opening: number };
  dailyCap: number;
  /** The business's own calendar day, whose counter the sends are reserved against. */
  day: LocalDay;
  /**
   * The daily budgets the text's sends take, in the same transaction, for the job it lands on (a forward's parts
   * depend on its reference): `forward` always, `acknowledgement` only with the sends reserved against the cap.
   */
  budgets?: (job: { ref: number; isNew: boolean }) => IntakeBudgets;
}

export interface IntakeBudgets {
  forward?: BudgetTake;
  acknowledgement?: BudgetTake;
}

export type AddCustomerMessageResult =
  /**
   * Stored; `granted` says whether the sends were reserved (false: the daily cap is reached, or the acknowledgement's
   * budget is spent); `budgetsSpent` names the budgets that had no room (nothing taken from them).
   */
  | {
      kind: 'added';
      jobId: string;
      ref: number;
      isNew: boolean;
      granted: boolean;
      budgetsSpent: Array<keyof IntakeBudgets>;
    }
  /** This MessageSid was already claimed: a retried webhook. */
  | { kind: 'duplicate' };

/** A caller's voicemail, kept on their job like a message from them (issue 12). */
export interface Voicemail {
  recordingSid: string;
  recordingUrl: string;
  /** Undefined when the transcription failed. */
  transcript?: string;
  at: Date;
}

/** A voicemail to store on the caller's job, with what the exchange read said about that job. */
export interface VoicemailIntake {
  business: Tenure;
  customer: E164;
  voicemail: Voicemail;
  openJob?: { jobId: string; ref: number };
  jobSequence: number;
  dailyCap: number;
  /** The business's own calendar day (the ledger drops older days' counters on this write). */
  day: LocalDay;
}

/** A text about a job that Twilio refused or that never got an answer, kept on the job for the owner and on-call. */
export interface JobSendFailure {
  messageSid: string;
  /** What the text was: `owner-forward`, `customer-ack`, `owner-relay`. */
  purpose: string;
  error: string;
  providerCode?: number;
  at: Date;
}

/** Jobs per business (keyed by client, never by the number alone): one open job per customer, with every message in and out. */
export interface JobBook {
  /**
   * Stores the text on the customer's open job (or opens one with the next `#ref`), claims its MessageSid and reserves
   * its sends, all at once: a duplicate reserves nothing, and a refused write leaves no reserved slot behind.
   */
  addCustomerMessage(intake: CustomerMessageIntake): Promise<AddCustomerMessageResult>;
  /**
   * Stores a voicemail on the caller's open job (or opens one with the next `#ref`), once per RecordingSid, in one
   * transaction like a customer's text; it reserves no sends (`granted` is false).
   */
  addVoicemail(intake: VoicemailIntake): Promise<AddCustomerMessageResult>;
  /** Adds the owner's reply to the customer's open job, claiming its MessageSid at the same time. */
  addOwnerReply(
    job: Pick<Job, 'customer' | 'jobId'> & { tenure: Tenure },
    message: JobMessage,
    inbound: InboundMessage,
  ): Promise<'added' | 'duplicate' | 'no-open-job'>;
  /** The business's open jobs (its own tenure only), most recent message first. */
  listOpen(business: Tenure): Promise<Job[]>;
  /** A job's messages, oldest first. */
  messages(jobId: string): Promise<StoredJobMessage[]>;
  /** Notes a failed send on the customer's open job (a no-op when the job is no longer open). */
  recordSendFailure(business: Tenure, customer: CustomerKey, failure: JobSendFailure): Promise<void>;
  /** Closes the customer's open job; undefined when it was already closed. */
  close(business: Tenure, customer: CustomerKey, at: Date): Promise<Job | undefined>;
}

/** The SMS webhook's side of the job book: texts, owner replies, listing and closing (no voicemails, no message listing). */
export type TextJobs = Omit<JobBook, 'addVoicemail' | 'messages'>;

/** The status function's side of the job book: voicemails only. */
export type VoicemailJobs = Pick<JobBook, 'addVoicemail'>;
