import type { E164 } from '../numbers/phone-number';

/** What became of one outbound SMS, as recorded on its call or message. */
export type Delivery =
  | { state: 'sent'; sid: string }
  | {
      state: 'failed';
      error: string;
      providerCode?: number;
      /** Only in memory, never recorded: a failure worth another try, and what to send then. */
      retry?: ResendPlan;
    }
  /** Twilio failed or did not answer: on the redelivery queue, to be sent (at most once) from there. */
  | { state: 'queued'; reason: string; since: string; providerCode?: number }
  /** A queue consumer holds it until `until` while it looks it up and sends it; another delivery leaves it alone. */
  | { state: 'sending'; reason: string; since: string; until: string; attempt: string }
  | { state: 'skipped'; reason: string };

/** A send that failed in a way worth trying again: the parts not sent yet, to whom, and since when it was tried. */
export interface ResendPlan {
  to: E164;
  from: E164;
  /** The parts still to send, in order (an owner forward has at most two). */
  bodies: string[];
  /** The sids of the parts already sent, if the text had parts. */
  sentSids: string[];
  purpose: string;
  recipient: 'counterpart' | 'owner';
  /** When the first attempt was made (ISO 8601): a lookup finds a message Twilio created after it. */
  since: string;
  /** Why it failed, as recorded. */
  reason: string;
  providerCode?: number;
}
