/**
 * How one Twilio number sends its calls and texts to us: the webhook fields of Twilio's IncomingPhoneNumber resource
 * that the service depends on. An empty string means "not set" (Twilio clears a URL given as '').
 */
export interface NumberWebhooks {
  voiceUrl: string;
  voiceMethod: string;
  voiceFallbackUrl: string;
  voiceFallbackMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
  smsUrl: string;
  smsMethod: string;
  smsFallbackUrl: string;
  /** When set, Twilio ignores the voice URLs and uses the application's: it must stay empty. */
  voiceApplicationSid: string;
  /** When set, Twilio ignores the SMS URLs and uses the application's: it must stay empty. */
  smsApplicationSid: string;
}

/** One number on the Twilio account (an IncomingPhoneNumber). */
export interface AccountPhoneNumber {
  /** The IncomingPhoneNumber sid, `PN...`. */
  sid: string;
  /** E.164, as Twilio gives it. */
  phoneNumber: string;
  webhooks: NumberWebhooks;
}

/** Raised when Twilio's API cannot be reached or refuses a request. */
export class PhoneNumberAccountError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PhoneNumberAccountError';
  }
}

/** The Twilio account's phone numbers: every one of them, and a way to point one at new webhooks. */
export interface PhoneNumberAccount {
  /** Every number on the account, all pages. */
  list(): Promise<AccountPhoneNumber[]>;
  /** Sets every field of `webhooks` on the number and returns it as Twilio now has it. */
  update(sid: string, webhooks: NumberWebhooks): Promise<AccountPhoneNumber>;
}
