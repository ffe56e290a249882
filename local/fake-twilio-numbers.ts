import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAccount, listPage, pagingOf, readBody, reply, twilioError, type FakeAccount } from './fake-twilio-wire';

/** One number on the fake account, with the IncomingPhoneNumber fields the service configures. */
export interface FakePhoneNumber {
  sid: string;
  phoneNumber: string;
  /** Twilio's JSON field names: voice_url, status_callback, sms_url, ... ('' when not set). */
  fields: Record<string, string>;
}

/** The configurable fields of an IncomingPhoneNumber: form parameter -> JSON field. */
const NUMBER_PARAMS: Record<string, string> = {
  VoiceUrl: 'voice_url',
  VoiceMethod: 'voice_method',
  VoiceFallbackUrl: 'voice_fallback_url',
  VoiceFallbackMethod: 'voice_fallback_method',
  StatusCallback: 'status_callback',
  StatusCallbackMethod: 'status_callback_method',
  SmsUrl: 'sms_url',
  SmsMethod: 'sms_method',
  SmsFallbackUrl: 'sms_fallback_url',
  SmsFallbackMethod: 'sms_fallback_method',
  VoiceApplicationSid: 'voice_application_sid',
  SmsApplicationSid: 'sms_application_sid',
  FriendlyName: 'friendly_name',
};
const URL_PARAMS = ['VoiceUrl', 'VoiceFallbackUrl', 'StatusCallback', 'SmsUrl', 'SmsFallbackUrl'];
const METHOD_PARAMS = ['VoiceMethod', 'VoiceFallbackMethod', 'StatusCallbackMethod', 'SmsMethod', 'SmsFallbackMethod'];

/** The IncomingPhoneNumbers resource of the fake account: list (GET, paged), fetch (GET) and update (POST) of one number. */
export class FakeNumbers {
  readonly numbers = new Map<string, FakePhoneNumber>();
  /** Every update (POST to an IncomingPhoneNumber) seen, accepted or not. */
  updates = 0;

  constructor(private readonly account: FakeAccount) {}

  /** Buys a number on the fake account (not configured: every URL empty), or returns the one it has. */
  add(phoneNumber: string, fields: Record<string, string> = {}): FakePhoneNumber {
    const existing = [...this.numbers.values()].find((number) => number.phoneNumber === phoneNumber);
    if (existing) return existing;
    const number: FakePhoneNumber = {
      sid: `PN${randomBytes(16).toString('hex')}`,
      phoneNumber,
      fields: { ...unconfiguredFields(phoneNumber), ...fields },
    };
    this.numbers.set(number.sid, number);
    return number;
  }

  /** The list, paged, with Twilio's PhoneNumber filter. */
  async list(request: IncomingMessage, response: ServerResponse, accountSid: string): Promise<void> {
    await readBody(request);
    if (!isAccount(request, accountSid, this.account))
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    if (request.method !== 'GET') return reply(response, 405, twilioError(20004, 'Method not allowed', 405));
    const query = new URL(request.url ?? '', 'http://fake').searchParams;
    const paging = pagingOf(query);
    if (!paging) return reply(response, 400, twilioError(20001, 'Invalid PageSize or Page', 400));
    const { pageSize } = paging;
    const filter = query.get('PhoneNumber');
    const matching = [...this.numbers.values()]
      .filter((number) => !filter || number.phoneNumber === filter)
      .sort((a, b) => a.sid.localeCompare(b.sid));
    const base = `/2010-04-01/Accounts/${this.account.accountSid}/IncomingPhoneNumbers`;
    const pageUri = (index: number) =>
      `${base}.json?PageSize=${pageSize}&Page=${index}${index > 0 ? `&PageToken=PA${matching[index * pageSize - 1]?.sid ?? ''}` : ''}`;
    return reply(
      response,
      200,
      listPage('incoming_phone_numbers', matching, paging, pageUri, (number) => this.resource(number)),
    );
  }

  /** One number: fetch (GET) or update (POST), with Twilio's validation of the URLs and methods. */
  async one(request: IncomingMessage, response: ServerResponse, accountSid: string, sid: string): Promise<void> {
    const body = await readBody(request);
    if (!isAccount(request, accountSid, this.account))
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    const number = this.numbers.get(sid);
    if (request.method === 'POST') this.updates += 1;
    const path = request.url?.split('?')[0] ?? '';
    if (!number) return reply(response, 404, twilioError(20404, `The requested resource ${path} was not found`, 404));
    if (request.method === 'GET') return reply(response, 200, this.resource(number));
    if (request.method !== 'POST') return reply(response, 405, twilioError(20004, 'Method not allowed', 405));

    const params = new URLSearchParams(body);
    for (const name of URL_PARAMS) {
      const value = params.get(name);
      if (value !== null && value !== '' && !isValidCallbackUrl(value))
        return reply(response, 400, twilioError(21502, `${name} is not valid: ${value}`, 400));
    }
    for (const name of METHOD_PARAMS) {
      const value = params.get(name);
      if (value !== null && value !== 'GET' && value !== 'POST')
        return reply(response, 400, twilioError(20001, `${name} must be GET or POST`, 400));
    }
    const next = { ...number.fields };
    for (const [param, field] of Object.entries(NUMBER_PARAMS)) {
      const value = params.get(param);
      if (value !== null) next[field] = value;
    }
    if (next.voice_fallback_url && !next.voice_url)
      return reply(response, 400, twilioError(21405, 'Cannot set VoiceFallbackUrl without setting Url', 400));
    number.fields = { ...next, date_updated: new Date().toUTCString() };
    return reply(response, 200, this.resource(number));
  }

  private resource(number: FakePhoneNumber) {
    return {
      ...number.fields,
      account_sid: this.account.accountSid,
      api_version: '2010-04-01',
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      phone_number: number.phoneNumber,
      sid: number.sid,
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    };
  }
}

/** A number as bought: every webhook empty, the methods at Twilio's default POST. */
function unconfiguredFields(phoneNumber: string): Record<string, string> {
  const now = new Date().toUTCString();
  return {
    friendly_name: phoneNumber,
    voice_url: '',
    voice_method: 'POST',
    voice_fallback_url: '',
    voice_fallback_method: 'POST',
    status_callback: '',
    status_callback_method: 'POST',
    sms_url: '',
    sms_method: 'POST',
    sms_fallback_url: '',
    sms_fallback_method: 'POST',
    voice_application_sid: '',
    sms_application_sid: '',
    date_created: now,
    date_updated: now,
  };
}

/** What Twilio accepts as a webhook URL (error 21502 otherwise): absolute http(s) with a host. */
function isValidCallbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
