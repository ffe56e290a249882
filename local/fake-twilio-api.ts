import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SMS accepted by the fake, as `/local/outbox` shows it. */
export interface OutboxEntry {
  sid: string;
  to: string;
  from: string;
  body: string;
  /** Only when the send named a Messaging Service (TWILIO_MESSAGING_SERVICE_SID). */
  messagingServiceSid?: string;
}

/** Twilio's Body limit: 1,600 characters (error 21617). Counted in UTF-16 code units, as conservatively as we send. */
export const TWILIO_MAX_BODY_LENGTH = 1600;

/** What the fake does with the next send instead of accepting it. */
export type SendFault =
  | { kind: 'error'; status: number; code: number; message: string }
  /** Accepts the connection and never answers, like a stuck upstream: no message is created. */
  | { kind: 'hang' }
  /**
   * Creates the message (it is in the outbox and the message log) but answers only after `delayMs`: longer than the
   * client's timeout, it is the send whose answer was lost.
   */
  | { kind: 'slow'; delayMs: number }
  /** Takes the send as usual: lets a later send in the same run take the next fault. */
  | { kind: 'accept' };

/** One number on the fake account, with the IncomingPhoneNumber fields the service configures. */
export interface FakePhoneNumber {
  sid: string;
  phoneNumber: string;
  /** Twilio's JSON field names: voice_url, status_callback, sms_url, ... ('' when not set). */
  fields: Record<string, string>;
}

export interface FakeTwilioApi {
  baseUrl: string;
  /** The numbers on the account, as the IncomingPhoneNumbers API shows them. */
  phoneNumbers(): FakePhoneNumber[];
  /** Buys a number on the fake account (not configured: every URL empty), or returns the one it has. */
  addPhoneNumber(phoneNumber: string, fields?: Record<string, string>): FakePhoneNumber;
  /** Every update (POST to an IncomingPhoneNumber) seen, accepted or not. */
  numberUpdates(): number;
  outbox(): OutboxEntry[];
  /** Makes the next sends fail, in order, one fault per send. */
  injectFaults(...faults: SendFault[]): void;
  /** Every send attempt seen, accepted or not. */
  attempts(): number;
  /** Faults injected and not yet taken by a send. */
  pendingFaults(): number;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const NUMBERS_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/;
const NUMBER_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/;

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
/** Twilio's default and largest page size for list resources. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * A local stand-in for Twilio's REST API (the one edge we cannot reach here): Messages, and the account's
 * IncomingPhoneNumbers (list with paging, fetch, update).
 * Speaks its wire format: form-encoded POST with basic auth, 201 with the message JSON, Twilio's error JSON otherwise.
 */
export async function startFakeTwilioApi(options: {
  accountSid: string;
  authToken: string;
  port?: number;
  /** The numbers on the account (E.164), unconfigured, as bought. */
  phoneNumbers?: readonly string[];
}): Promise<FakeTwilioApi> {
  const sent: OutboxEntry[] = [];
  const numbers = new Map<string, FakePhoneNumber>();
  let numberUpdates = 0;
  const addPhoneNumber = (phoneNumber: string, fields: Record<string, string> = {}): FakePhoneNumber => {
    const existing = [...numbers.values()].find((number) => number.phoneNumber === phoneNumber);
    if (existing) return existing;
    const number: FakePhoneNumber = {
      sid: `PN${randomBytes(16).toString('hex')}`,
      phoneNumber,
      fields: { ...unconfiguredFields(phoneNumber), ...fields },
    };
    numbers.set(number.sid, number);
    return number;
  };
  for (const phoneNumber of options.phoneNumbers ?? []) addPhoneNumber(phoneNumber);
  /** The account's message log, newest last: what the Messages list shows. */
  const log: Array<OutboxEntry & { createdAt: Date; resource: Record<string, unknown> }> = [];
  const faults: SendFault[] = [];
  const hanging = new Set<ServerResponse>();
  let attempts = 0;

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => reply(response, 500, twilioError(20500, 'Internal Server Error', 500)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url?.split('?')[0] ?? '';
    if (NUMBERS_PATH.test(path) || NUMBER_PATH.test(path)) return handleNumbers(request, response, path);
    const match = MESSAGES_PATH.exec(path);
    if (request.method === 'GET' && match) return listMessages(request, response, match[1] ?? '');
    if (request.method !== 'POST' || !match)
      return reply(response, 404, twilioError(20404, 'The requested resource was not found', 404));
    const body = await readBody(request);
    attempts += 1;

    if (
      !isAuthorized(request.headers.authorization, options.accountSid, options.authToken) ||
      match[1] !== options.accountSid
    ) {
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    }
    const fault = faults.shift();
    if (fault?.kind === 'hang') {
      hanging.add(response);
      return;
    }
    if (fault?.kind === 'error')
      return reply(response, fault.status, twilioError(fault.code, fault.message, fault.status));

    const params = new URLSearchParams(body);
    const to = params.get('To') ?? '';
    const from = params.get('From') ?? '';
    const text = params.get('Body') ?? '';
    const messagingServiceSid = params.get('MessagingServiceSid') ?? '';
    if (to === '') return reply(response, 400, twilioError(21604, "A 'To' phone number is required.", 400));
    if (!/^\+[1-9]\d{5,14}$/.test(to))
      return reply(response, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    if (from === '' && messagingServiceSid === '')
      return reply(
        response,
        400,
        twilioError(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.", 400),
      );
    if (messagingServiceSid !== '' && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
      return reply(response, 400, twilioError(21705, 'The Messaging Service is invalid.', 400));
    }
    if (from !== '' && !/^\+[1-9]\d{5,14}$/.test(from))
      return reply(response, 400, twilioError(21212, `The 'From' number ${from} is not a valid phone number.`, 400));
    if (text.length === 0 && !params.get('MediaUrl'))
      return reply(response, 400, twilioError(21602, 'Message body is required.', 400));
    if (text.length > TWILIO_MAX_BODY_LENGTH)
      return reply(
        response,
        400,
        twilioError(21617, 'The concatenated message body exceeds the 1600 character limit.', 400),
      );

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const entry = { sid, to, from, body: text, ...(messagingServiceSid ? { messagingServiceSid } : {}) };
    sent.push(entry);
    const createdAt = new Date();
    const now = createdAt.toUTCString();
    const resource = {
      account_sid: options.accountSid,
      api_version: '2010-04-01',
      body: text,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: messagingServiceSid || null,
      num_media: '0',
      num_segments: String(Math.max(1, Math.ceil(text.length / 153))),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}.json`,
    };
    // Listed as Twilio shows it once handed to the carrier: sent, with its date_sent.
    log.push({ ...entry, createdAt, resource: { ...resource, status: 'sent', date_sent: now } });
    if (fault?.kind === 'slow') {
      const late = setTimeout(() => {
        hanging.delete(response);
        if (!response.destroyed) reply(response, 201, resource);
      }, fault.delayMs);
      late.unref();
      hanging.add(response);
      return;
    }
    return reply(response, 201, resource);
  }

  /**
   * Messages list (GET): Twilio's filters To, From, DateSent, DateSent< and DateSent> (on, on or before, on or after;
   * a YYYY-MM-DD date or a date-time), newest first, paged with PageSize (50 by default, at most 1000) and Page.
   */
  async function listMessages(request: IncomingMessage, response: ServerResponse, accountSid: string): Promise<void> {
    if (
      !isAuthorized(request.headers.authorization, options.accountSid, options.authToken) ||
      accountSid !== options.accountSid
    )
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    const query = new URL(request.url ?? '', 'http://fake').searchParams;
    const paging = pagingOf(query);
    if (!paging) return reply(response, 400, twilioError(20001, 'Invalid PageSize or Page', 400));
    const { pageSize } = paging;
    const bounds: Array<[string, 'on' | 'before' | 'after']> = [
      ['DateSent', 'on'],
      ['DateSent<', 'before'],
      ['DateSent>', 'after'],
    ];
    const dateFilters: Array<(sentAt: Date) => boolean> = [];
    for (const [name, how] of bounds) {
      const value = query.get(name);
      if (value === null) continue;
      const filter = dateFilter(value, how);
      if (!filter) return reply(response, 400, twilioError(20001, `Invalid ${name}: ${value}`, 400));
      dateFilters.push(filter);
    }
    const to = query.get('To');
    const from = query.get('From');
    const matching = log
      .filter(
        (message) =>
          (to === null || message.to === to) &&
          (from === null || message.from === from) &&
          dateFilters.every((filter) => filter(message.createdAt)),
      )
      .reverse();
    const base = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
    const filters = [...query.entries()].filter(
      ([name]) => name !== 'Page' && name !== 'PageSize' && name !== 'PageToken',
    );
    const pageUri = (index: number) =>
      `${base}?${new URLSearchParams([...filters, ['PageSize', String(pageSize)], ['Page', String(index)]])}`;
    return reply(
      response,
      200,
      listPage('messages', matching, paging, pageUri, (message) => message.resource),
    );
  }

  /** IncomingPhoneNumbers: list (GET, paged), fetch (GET) and update (POST) of one number, with Twilio's validation. */
  async function handleNumbers(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const body = await readBody(request);
    const list = NUMBERS_PATH.exec(path);
    const one = NUMBER_PATH.exec(path);
    const accountSid = (list ?? one)?.[1];
    if (
      !isAuthorized(request.headers.authorization, options.accountSid, options.authToken) ||
      accountSid !== options.accountSid
    ) {
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    }
    const base = `/2010-04-01/Accounts/${options.accountSid}/IncomingPhoneNumbers`;
    if (list) {
      if (request.method !== 'GET') return reply(response, 405, twilioError(20004, 'Method not allowed', 405));
      const query = new URL(request.url ?? '', 'http://fake').searchParams;
      const paging = pagingOf(query);
      if (!paging) return reply(response, 400, twilioError(20001, 'Invalid PageSize or Page', 400));
      const { pageSize } = paging;
      const filter = query.get('PhoneNumber');
      const matching = [...numbers.values()]
        .filter((number) => !filter || number.phoneNumber === filter)
        .sort((a, b) => a.sid.localeCompare(b.sid));
      const pageUri = (index: number) =>
        `${base}.json?PageSize=${pageSize}&Page=${index}${index > 0 ? `&PageToken=PA${matching[index * pageSize - 1]?.sid ?? ''}` : ''}`;
      return reply(response, 200, listPage('incoming_phone_numbers', matching, paging, pageUri, resource));
    }
    const number = numbers.get(one?.[2] ?? '');
    if (request.method === 'POST') numberUpdates += 1;
    if (!number) return reply(response, 404, twilioError(20404, `The requested resource ${path} was not found`, 404));
    if (request.method === 'GET') return reply(response, 200, resource(number));
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
    return reply(response, 200, resource(number));
  }

  function resource(number: FakePhoneNumber) {
    return {
      ...number.fields,
      account_sid: options.accountSid,
      api_version: '2010-04-01',
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      phone_number: number.phoneNumber,
      sid: number.sid,
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${options.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    outbox: () => sent.map((entry) => ({ ...entry })),
    phoneNumbers: () => [...numbers.values()].map((number) => ({ ...number, fields: { ...number.fields } })),
    addPhoneNumber: (phoneNumber, fields) => {
      const number = addPhoneNumber(phoneNumber, fields);
      return { ...number, fields: { ...number.fields } };
    },
    numberUpdates: () => numberUpdates,
    injectFaults: (...more) => faults.push(...more),
    attempts: () => attempts,
    pendingFaults: () => faults.length,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A DateSent filter: a YYYY-MM-DD date compares by UTC day (inclusive), a date-time by the instant. */
function dateFilter(value: string, how: 'on' | 'before' | 'after'): ((sentAt: Date) => boolean) | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = (at: Date) => at.toISOString().slice(0, 10);
    return how === 'on'
      ? (at) => day(at) === value
      : how === 'before'
        ? (at) => day(at) <= value
        : (at) => day(at) >= value;
  }
  const instant = Date.parse(value);
  if (Number.isNaN(instant) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  return how === 'on'
    ? (at) => at.getTime() === instant
    : how === 'before'
      ? (at) => at.getTime() <= instant
      : (at) => at.getTime() >= instant;
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

function isAuthorized(header: string | undefined, accountSid: string, authToken: string): boolean {
  return header === `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function reply(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(payload));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Twilio's PageSize (1 to 1000, 50 by default) and Page (from 0); undefined when either is out of range. */
function pagingOf(query: URLSearchParams): { page: number; pageSize: number } | undefined {
  const pageSize = Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
  const page = Number(query.get('Page') ?? 0);
  const valid =
    Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE && Number.isInteger(page) && page >= 0;
  return valid ? { page, pageSize } : undefined;
}

/** One page of a Twilio list resource, in Twilio's page shape: the items under `key`, then the paging fields. */
function listPage<T>(
  key: string,
  matching: readonly T[],
  { page, pageSize }: { page: number; pageSize: number },
  pageUri: (index: number) => string,
  toResource: (item: T) => unknown,
): Record<string, unknown> {
  const items = matching.slice(page * pageSize, (page + 1) * pageSize);
  return {
    [key]: items.map(toResource),
    page,
    page_size: pageSize,
    start: page * pageSize,
    end: page * pageSize + Math.max(items.length - 1, 0),
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: (page + 1) * pageSize < matching.length ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
  };
}
