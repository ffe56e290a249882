import type { E164 } from '../domain/numbers/phone-number';

export interface OutboundSms {
  to: E164;
  from: E164;
  body: string;
}

export interface SentSms {
  sid: string;
}

/**
 * How a failed send may end: `final` (the provider refused it: a bad number, an opted-out recipient), `retryable`
 * (the provider failed or throttled: it did not create the message) or `ambiguous` (no answer in time: it may have
 * created the message, so it is looked up before it is sent again).
 */
export type SendFailureKind = 'final' | 'retryable' | 'ambiguous';

/** A send the provider refused or that never got an answer. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    /** The provider's error code (Twilio's 21610 = recipient opted out), when it gave one. */
    readonly providerCode?: number,
    /** HTTP status of the provider's answer; undefined when there was no answer. */
    readonly httpStatus?: number,
    readonly kind: SendFailureKind = 'final',
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

export interface MessageSender {
  /** Sends one SMS; throws SmsSendError when it was not accepted. */
  send(sms: OutboundSms): Promise<SentSms>;
}

/** What to look for among the texts already sent: one body from one number to one number, created in a window. */
export interface SentSmsQuery extends OutboundSms {
  /** When the attempts whose answer was lost were made: a text created in one of them may be theirs. */
  windows: ReadonlyArray<{ from: Date; until: Date }>;
}

/** The provider's log of sent texts: how a send whose answer was lost is found instead of being sent twice. */
export interface SentSmsLog {
  /** The sid of a text with this body sent from `from` to `to` in one of `windows`, if there is one; throws SmsSendError. */
  findSent(query: SentSmsQuery): Promise<SentSms | undefined>;
}
