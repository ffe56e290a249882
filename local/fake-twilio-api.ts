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
  /** Accepts the connection and never answers, like a stuck upstream. */
  | { kind: 'hang' };

export interface FakeTwilioApi {
  baseUrl: string;
  outbox(): OutboxEntry[];
  /** Makes the next sends fail, in order, one fault per send. */
  injectFaults(...faults: SendFault[]): void;
  /** Every send attempt seen, accepted or not. */
  attempts(): number;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * A local stand-in for Twilio's Messages REST API (the one edge we cannot reach here).
 * Speaks its wire format: form-encoded POST with basic auth, 201 with the message JSON, Twilio's error JSON otherwise.
 */
export async function startFakeTwilioApi(options: { accountSid: string; authToken: string; port?: number }): Promise<FakeTwilioApi> {
  const sent: OutboxEntry[] = [];
  const faults: SendFault[] = [];
  const hanging = new Set<ServerResponse>();
  let attempts = 0;

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => reply(response, 500, twilioError(20500, 'Internal Server Error', 500)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = MESSAGES_PATH.exec(request.url?.split('?')[0] ?? '');
    if (request.method !== 'POST' || !match) return reply(response, 404, twilioError(20404, 'The requested resource was not found', 404));
    const body = await readBody(request);
    attempts += 1;

    if (!isAuthorized(request.headers.authorization, options.accountSid, options.authToken) || match[1] !== options.accountSid) {
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    }
    const fault = faults.shift();
    if (fault?.kind === 'hang') {
      hanging.add(response);
      return;
    }
    if (fault?.kind === 'error') return reply(response, fault.status, twilioError(fault.code, fault.message, fault.status));

    const params = new URLSearchParams(body);
    const to = params.get('To') ?? '';
    const from = params.get('From') ?? '';
    const text = params.get('Body') ?? '';
    const messagingServiceSid = params.get('MessagingServiceSid') ?? '';
    if (to === '') return reply(response, 400, twilioError(21604, "A 'To' phone number is required.", 400));
    if (!/^\+[1-9]\d{5,14}$/.test(to)) return reply(response, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    if (from === '' && messagingServiceSid === '') return reply(response, 400, twilioError(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.", 400));
    if (messagingServiceSid !== '' && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
      return reply(response, 400, twilioError(21705, 'The Messaging Service is invalid.', 400));
    }
    if (from !== '' && !/^\+[1-9]\d{5,14}$/.test(from)) return reply(response, 400, twilioError(21212, `The 'From' number ${from} is not a valid phone number.`, 400));
    if (text.length === 0 && !params.get('MediaUrl')) return reply(response, 400, twilioError(21602, 'Message body is required.', 400));
    if (text.length > TWILIO_MAX_BODY_LENGTH) return reply(response, 400, twilioError(21617, 'The concatenated message body exceeds the 1600 character limit.', 400));

    const sid = `SM${randomBytes(16).toString('hex')}`;
    sent.push({ sid, to, from, body: text, ...(messagingServiceSid ? { messagingServiceSid } : {}) });
    const now = new Date().toUTCString();
    return reply(response, 201, {
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
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    outbox: () => sent.map((entry) => ({ ...entry })),
    injectFaults: (...more) => faults.push(...more),
    attempts: () => attempts,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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
