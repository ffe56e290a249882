import type { Delivery } from '../domain/delivery';
import type { TwilioNumberRole } from '../domain/number-role';
import type { E164 } from '../domain/phone-number';

export interface InboundMessage {
  messageSid: string;
  to: E164;
  /** Raw sender as Twilio sent it. */
  from: string;
  body: string;
  mediaUrls: string[];
  receivedAt: Date;
  role: TwilioNumberRole;
  clientId?: string;
}

export interface JobEntry {
  jobId: string;
  /** True when this message opened the job (so the customer is acknowledged once per job). */
  isNew: boolean;
}

/** Every inbound SMS, stored once per MessageSid, and the jobs they become. */
export interface Inbox {
  /** Stores a message; false when this MessageSid was already stored (a retried webhook). */
  store(message: InboundMessage): Promise<boolean>;
  /** Appends the message to the customer's open job with this client, opening one if there is none. */
  addToOpenJob(clientId: string, customer: E164, message: InboundMessage): Promise<JobEntry>;
  recordOutcome(messageSid: string, outcome: Record<string, Delivery | string>): Promise<void>;
}
