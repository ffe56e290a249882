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
  | { state: 'queued'; reason: string; since: string; providerCode?: number; lostAnswers?: LostAnswer[] }
  /** A queue consumer holds it until `until` while it looks it up and sends it; another delivery leaves it alone. */
  | {
      state: 'sending';
      reason: string;
      since: string;
      until: string;
      attempt: string;
      lostAnswers?: LostAnswer[];
    }
  | { state: 'skipped'; reason: string };

/**
 * An attempt whose answer was lost (a timeout, a connection cut mid-request, a consumer that died holding the text):
 * Twilio may have created the message between `from` and `until` (ISO 8601). Only such windows are looked up in
 * Twilio's message log before a text is sent again; matching by body alone anywhere since the first attempt would
 * take another, identical text (a second acknowledgement, a repeated forward) for this one and drop it.
 */
export interface LostAnswer {
  from: string;
  until: string;
}

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
  /** When the first attempt was made (ISO 8601). */
  since: string;
  /** The attempts whose answer was lost so far: where Twilio's log is searched before sending again. */
  lostAnswers: LostAnswer[];
  /** Why it failed, as recorded. */
  reason: string;
  providerCode?: number;
}
