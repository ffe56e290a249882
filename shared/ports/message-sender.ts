import type { E164 } from '../domain/numbers/phone-number';

export interface OutboundSms {
  to: E164;
  from: E164;
  body: string;
}

export interface SentSms {
  sid: string;
}

/** A send the provider refused or that never got an answer. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    /** The provider's error code (Twilio's 21610 = recipient opted out), when it gave one. */
    readonly providerCode?: number,
    /** HTTP status of the provider's answer; undefined when there was no answer. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

export interface MessageSender {
  /** Sends one SMS; throws SmsSendError when it was not accepted. */
  send(sms: OutboundSms): Promise<SentSms>;
}
