import type { Delivery } from '../domain/sending/delivery';
import type { TwilioNumberRole } from '../domain/numbers/number-role';
import type { E164 } from '../domain/numbers/phone-number';

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

export type MessageOutcome = Record<string, Delivery | string | number>;

/** Every inbound SMS, one record per MessageSid, with what was done and sent for it. */
export interface Inbox {
  /** Stores a message before it is handled; false when this MessageSid was already stored (a retried webhook). */
  store(message: InboundMessage): Promise<boolean>;
  recordOutcome(messageSid: string, outcome: MessageOutcome): Promise<void>;
  /** Writes the record of a message that was already stored exactly once elsewhere (on its job), with its outcome. */
  record(message: InboundMessage, outcome: MessageOutcome): Promise<void>;
  /** Writes the record only if there is none (true then): a redelivery finishing what a failed delivery could not record. */
  recordIfMissing(message: InboundMessage, outcome: MessageOutcome): Promise<boolean>;
}
