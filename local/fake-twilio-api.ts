import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeCalls, type PlacedCall } from './fake-twilio-calls';
import { FakeMessages, type OutboxEntry, type SendFault } from './fake-twilio-messages';
import { FakeNumbers, type FakePhoneNumber } from './fake-twilio-numbers';
import { reply, twilioError } from './fake-twilio-wire';

export { TWILIO_MAX_BODY_LENGTH, type OutboxEntry, type SendFault } from './fake-twilio-messages';
export type { FakePhoneNumber } from './fake-twilio-numbers';
export type { PlacedCall } from './fake-twilio-calls';

export interface FakeTwilioApi {
  baseUrl: string;
  /** The numbers on the account, as the IncomingPhoneNumbers API shows them. */
  phoneNumbers(): FakePhoneNumber[];
  /** Buys a number on the fake account (not configured: every URL empty), or returns the one it has. */
  addPhoneNumber(phoneNumber: string, fields?: Record<string, string>): FakePhoneNumber;
  /** Every update (POST to an IncomingPhoneNumber) seen, accepted or not. */
  numberUpdates(): number;
  outbox(): OutboxEntry[];
  /** Every call created through the Calls API (issue 19: emergency rings), oldest first. */
  calls(): PlacedCall[];
  /** Makes the next sends fail, in order, one fault per send. */
  injectFaults(...faults: SendFault[]): void;
  /** Every send attempt seen, accepted or not. */
  attempts(): number;
  /** Faults injected and not yet taken by a send. */
  pendingFaults(): number;
  close(): Promise<void>;
}

const CALLS_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const NUMBERS_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/;
const NUMBER_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/;

/** One route of the fake: a method (any, when the resource answers 405 itself) and a path whose groups it takes. */
interface Route {
  method?: 'GET' | 'POST';
  path: RegExp;
  handle: (request: IncomingMessage, response: ServerResponse, match: RegExpExecArray) => Promise<void>;
}

/**
 * A local stand-in for Twilio's REST API (the one edge we cannot reach here): Messages, Calls (create), and the
 * account's IncomingPhoneNumbers (list with paging, fetch, update).
 * Speaks its wire format: form-encoded POST with basic auth, 201 with the message JSON, Twilio's error JSON otherwise.
 */
export async function startFakeTwilioApi(options: {
  accountSid: string;
  authToken: string;
  port?: number;
  /** The numbers on the account (E.164), unconfigured, as bought. */
  phoneNumbers?: readonly string[];
}): Promise<FakeTwilioApi> {
  const account = { accountSid: options.accountSid, authToken: options.authToken };
  const messages = new FakeMessages(account);
  const numbers = new FakeNumbers(account);
  const calls = new FakeCalls(account);
  for (const phoneNumber of options.phoneNumbers ?? []) numbers.add(phoneNumber);
  const routes: Route[] = [
    { path: NUMBERS_PATH, handle: (request, response, match) => numbers.list(request, response, match[1] ?? '') },
    {
      path: NUMBER_PATH,
      handle: (request, response, match) => numbers.one(request, response, match[1] ?? '', match[2] ?? ''),
    },
    {
      method: 'GET',
      path: MESSAGES_PATH,
      handle: (request, response, match) => messages.list(request, response, match[1] ?? ''),
    },
    {
      method: 'POST',
      path: MESSAGES_PATH,
      handle: (request, response, match) => messages.send(request, response, match[1] ?? ''),
    },
    {
      method: 'POST',
      path: CALLS_PATH,
      handle: (request, response, match) => calls.create(request, response, match[1] ?? ''),
    },
  ];

  const server: Server = createServer((request, response) => {
    void handle(routes, request, response).catch(() =>
      reply(response, 500, twilioError(20500, 'Internal Server Error', 500)),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const copy = (number: FakePhoneNumber) => ({ ...number, fields: { ...number.fields } });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    outbox: () => messages.sent.map((entry) => ({ ...entry })),
    calls: () => calls.placed.map((call) => ({ ...call })),
    phoneNumbers: () => [...numbers.numbers.values()].map(copy),
    addPhoneNumber: (phoneNumber, fields) => copy(numbers.add(phoneNumber, fields)),
    numberUpdates: () => numbers.updates,
    injectFaults: (...more) => messages.faults.push(...more),
    attempts: () => messages.attempts,
    pendingFaults: () => messages.faults.length,
    close: async () => {
      for (const response of messages.hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first route whose method and path match, or Twilio's 404. */
async function handle(routes: readonly Route[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = request.url?.split('?')[0] ?? '';
  for (const route of routes) {
    const match = route.path.exec(path);
    if (match && (!route.method || route.method === request.method)) return route.handle(request, response, match);
  }
  return reply(response, 404, twilioError(20404, 'The requested resource was not found', 404));
}
