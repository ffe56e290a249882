import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAccount, listPage, pagingOf, readBody, reply, twilioError, type FakeAccount } from './fake-twilio-wire';

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

/** The Messages resource of the fake account: sends (with injected faults) and the message log Twilio lists. */
export class FakeMessages {
  readonly sent: OutboxEntry[] = [];
  readonly faults: SendFault[] = [];
  /** Answers held back (a hanging or slow send), destroyed on close. */
  readonly hanging = new Set<ServerResponse>();
  attempts = 0;
  /** The account's message log, newest last: what the Messages list shows. */
  private readonly log: Array<OutboxEntry & { createdAt: Date; resource: Record<string, unknown> }> = [];

  constructor(private readonly account: FakeAccount) {}

  /**
   * Messages list (GET): Twilio's filters To, From, DateSent, DateSent< and DateSent> (on, on or before, on or after;
   * a YYYY-MM-DD date or a date-time), newest first, paged with PageSize (50 by default, at most 1000) and Page.
   */
  async list(request: IncomingMessage, response: ServerResponse, accountSid: string): Promise<void> {
    if (!isAccount(request, accountSid, this.account))
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
    const matching = this.log
      .filter(
        (message) =>
          (to === null || message.to === to) &&
          (from === null || message.from === from) &&
          dateFilters.every((filter) => filter(message.createdAt)),
      )
      .reverse();
    const base = `/2010-04-01/Accounts/${this.account.accountSid}/Messages.json`;
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

  /** Send (POST): Twilio's validation and error codes, then 201 with the message JSON (or the injected fault). */
  async send(request: IncomingMessage, response: ServerResponse, accountSid: string): Promise<void> {
    const body = await readBody(request);
    this.attempts += 1;
    if (!isAccount(request, accountSid, this.account))
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    const fault = this.faults.shift();
    if (fault?.kind === 'hang') {
      this.hanging.add(response);
      return;
    }
    if (fault?.kind === 'error')
      return reply(response, fault.status, twilioError(fault.code, fault.message, fault.status));

    const params = new URLSearchParams(body);
    const refused = sendRefusal(params);
    if (refused) return reply(response, 400, twilioError(refused.code, refused.message, 400));
    const to = params.get('To') ?? '';
    const from = params.get('From') ?? '';
    const text = params.get('Body') ?? '';
    const messagingServiceSid = params.get('MessagingServiceSid') ?? '';

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const entry = { sid, to, from, body: text, ...(messagingServiceSid ? { messagingServiceSid } : {}) };
    this.sent.push(entry);
    const createdAt = new Date();
    const now = createdAt.toUTCString();
    const resource = this.messageResource(entry, now);
    // Listed as Twilio shows it once handed to the carrier: sent, with its date_sent.
    this.log.push({ ...entry, createdAt, resource: { ...resource, status: 'sent', date_sent: now } });
    if (fault?.kind === 'slow') {
      const late = setTimeout(() => {
        this.hanging.delete(response);
        if (!response.destroyed) reply(response, 201, resource);
      }, fault.delayMs);
      late.unref();
      this.hanging.add(response);
      return;
    }
    return reply(response, 201, resource);
  }

  private messageResource(entry: OutboxEntry, now: string): Record<string, unknown> {
    const { sid, to, from, body: text } = entry;
    return {
      account_sid: this.account.accountSid,
      api_version: '2010-04-01',
      body: text,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: entry.messagingServiceSid || null,
      num_media: '0',
      num_segments: String(Math.max(1, Math.ceil(text.length / 153))),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${this.account.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/Messages/${sid}.json`,
    };
  }
}

/** Twilio's refusal of a send's parameters (all 400), in the order Twilio checks them; undefined when it is valid. */
function sendRefusal(params: URLSearchParams): { code: number; message: string } | undefined {
  const to = params.get('To') ?? '';
  const from = params.get('From') ?? '';
  const text = params.get('Body') ?? '';
  const messagingServiceSid = params.get('MessagingServiceSid') ?? '';
  if (to === '') return { code: 21604, message: "A 'To' phone number is required." };
  if (!/^\+[1-9]\d{5,14}$/.test(to))
    return { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
  if (from === '' && messagingServiceSid === '')
    return { code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message." };
  if (messagingServiceSid !== '' && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid))
    return { code: 21705, message: 'The Messaging Service is invalid.' };
  if (from !== '' && !/^\+[1-9]\d{5,14}$/.test(from))
    return { code: 21212, message: `The 'From' number ${from} is not a valid phone number.` };
  if (text.length === 0 && !params.get('MediaUrl')) return { code: 21602, message: 'Message body is required.' };
  if (text.length > TWILIO_MAX_BODY_LENGTH)
    return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
  return undefined;
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
