import {
  PhoneNumberAccountError,
  type AccountPhoneNumber,
  type NumberWebhooks,
  type PhoneNumberAccount,
} from '../../ports/phone-number-account';
import type { TwilioCredentialsProvider } from './twilio-credentials';
import { TWILIO_API_BASE_URL } from './twilio-message-sender';

/** The resource fields, as Twilio's JSON names them, for each webhook field (the form parameter is the PascalCase). */
const FIELDS: Record<keyof NumberWebhooks, { json: string; param: string }> = {
  voiceUrl: { json: 'voice_url', param: 'VoiceUrl' },
  voiceMethod: { json: 'voice_method', param: 'VoiceMethod' },
  voiceFallbackUrl: { json: 'voice_fallback_url', param: 'VoiceFallbackUrl' },
  voiceFallbackMethod: { json: 'voice_fallback_method', param: 'VoiceFallbackMethod' },
  statusCallback: { json: 'status_callback', param: 'StatusCallback' },
  statusCallbackMethod: { json: 'status_callback_method', param: 'StatusCallbackMethod' },
  smsUrl: { json: 'sms_url', param: 'SmsUrl' },
  smsMethod: { json: 'sms_method', param: 'SmsMethod' },
  smsFallbackUrl: { json: 'sms_fallback_url', param: 'SmsFallbackUrl' },
  voiceApplicationSid: { json: 'voice_application_sid', param: 'VoiceApplicationSid' },
  smsApplicationSid: { json: 'sms_application_sid', param: 'SmsApplicationSid' },
};

/** Twilio's largest page of IncomingPhoneNumbers. */
const PAGE_SIZE = 1000;
/** A bound on paging, so a misbehaving API cannot loop us forever: 1,000 pages of 1,000 numbers. */
const MAX_PAGES = 1000;

/**
 * The account's numbers through Twilio's IncomingPhoneNumbers REST API (list with paging, update), by plain fetch
 * with basic auth, like TwilioMessageSender: the same wire format as twilio's client, which a test proves against
 * the local fake.
 */
export class TwilioPhoneNumbers implements PhoneNumberAccount {
  constructor(
    private readonly credentials: TwilioCredentialsProvider,
    private readonly apiBaseUrl: string = TWILIO_API_BASE_URL,
    private readonly timeoutMs: number = 10000,
  ) {}

  async list(): Promise<AccountPhoneNumber[]> {
    const { accountSid } = await this.credentials();
    const numbers: AccountPhoneNumber[] = [];
    let path: string | null =
      `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/IncomingPhoneNumbers.json?PageSize=${PAGE_SIZE}`;
    for (let page = 0; path && page < MAX_PAGES; page += 1) {
      const payload = (await this.request('GET', path)) as {
        incoming_phone_numbers?: unknown;
        next_page_uri?: unknown;
      };
      if (!Array.isArray(payload.incoming_phone_numbers))
        throw new PhoneNumberAccountError('Twilio answered the number list without incoming_phone_numbers');
      numbers.push(...payload.incoming_phone_numbers.map((item) => toAccountNumber(item)));
      path = typeof payload.next_page_uri === 'string' && payload.next_page_uri !== '' ? payload.next_page_uri : null;
    }
    if (path) throw new PhoneNumberAccountError(`more than ${MAX_PAGES} pages of numbers: refusing to read on`);
    return numbers;
  }

  async update(sid: string, webhooks: NumberWebhooks): Promise<AccountPhoneNumber> {
    const { accountSid } = await this.credentials();
    const body = new URLSearchParams();
    for (const [field, names] of Object.entries(FIELDS) as [keyof NumberWebhooks, { param: string }][])
      body.set(names.param, webhooks[field]);
    const path = `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`;
    return toAccountNumber(await this.request('POST', path, body));
  }

  private async request(method: 'GET' | 'POST', path: string, body?: URLSearchParams): Promise<unknown> {
    const { accountSid, authToken } = await this.credentials();
    let response: Response;
    try {
      response = await fetch(`${this.apiBaseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PhoneNumberAccountError(
        `Twilio API unreachable at ${this.apiBaseUrl}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const payload = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
    if (response.ok) return payload;
    const code = typeof payload.code === 'number' ? payload.code : undefined;
    const message = typeof payload.message === 'string' ? payload.message : `HTTP ${response.status}`;
    throw new PhoneNumberAccountError(
      `Twilio refused ${method} ${path.split('?')[0]}: ${message}${code ? ` (${code})` : ''}`,
      code,
      response.status,
    );
  }
}

function toAccountNumber(item: unknown): AccountPhoneNumber {
  const record = (item ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  if (!text('sid') || !text('phone_number'))
    throw new PhoneNumberAccountError('Twilio answered a number without sid or phone_number');
  const webhooks = Object.fromEntries(
    (Object.entries(FIELDS) as [keyof NumberWebhooks, { json: string }][]).map(([field, names]) => [
      field,
      text(names.json),
    ]),
  ) as unknown as NumberWebhooks;
  return { sid: text('sid'), phoneNumber: text('phone_number'), webhooks };
}
