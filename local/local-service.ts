import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client';
import { DynamoNumberDirectory } from '../shared/adapters/dynamodb/dynamo-number-directory';
import { JsonLogger, type LogWriter } from '../shared/adapters/logging/json-logger';
import type { SendLimits } from '../shared/domain/sending/send-limits';
import { DEFAULT_CALL_BUDGETS, type CallRules, type ServiceConfig } from '../shared/config';
import { matchWebhookPath } from '../shared/http/match-webhook-path';
import type { WebhookHandler } from '../shared/http/webhook-types';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamodb';
import type { QueueSnapshot } from './in-process-queue';
import { wireLocalFunctions } from './local-functions';
import { startFakeTwilioApi, type FakeTwilioApi, type OutboxEntry } from './fake-twilio-api';
import { LOCAL_DEFAULTS } from './local-defaults';
import { MetricCounters } from './metric-counters';
import { applySeed, type Seed } from './seed';
import { DEFAULT_SIGNUP_RULES, type SignupRules } from '../shared/domain/signup/signup-rules';

export interface LocalServiceOptions {
  /** HTTP port of the webhooks; 0 picks a free one. */
  port: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). `0.0.0.0` or `::` open it to the network. */
  host?: string;
  /** Defaults to http://localhost:<port>. Signatures are checked against it plus the route. */
  publicBaseUrl?: string;
  authToken: string;
  accountSid: string;
  seed: Seed;
  /** Port of the embedded DynamoDB; 0 picks a free one. */
  dynamodbPort: number;
  /** Where the functions' JSON logs go; defaults to stdout. */
  logWriter?: LogWriter;
  /** Largest request body accepted; Twilio's webhooks are a few KB. */
  maxBodyBytes?: number;
  textBackCooldownMinutes?: number;
  dailySmsCap?: number;
  /** DAILY_OWNER_SMS_CAP and AUTOMATED_TEXTS_PER_COUNTERPART; defaults 500 and 3. */
  sendLimits?: Partial<SendLimits>;
  /** RING_SECONDS and RECORDINGS_PUBLIC (issue 12). */
  ringSeconds?: number;
  /** RING_DIALS_PER_HOUR, RING_DIALS_PER_CALLER, VOICEMAILS_PER_CALLER (issue 17). */
  callBudgets?: Partial<Pick<CallRules, 'dialsPerOwnerPerHour' | 'dialsPerCallerPerDay' | 'voicemailsPerCallerPerDay'>>;
  recordingsPublic?: boolean;
  /** Serve the sign-up waiting list this often, as the scheduled function does in the cloud; off when unset. */
  waitingListIntervalMs?: number;
  /** Sign-up limits; the defaults (no approval) otherwise. */
  signup?: Partial<SignupRules>;
  /** How often the redelivery consumers look at their queues (default 500 ms). */
  redeliveryIntervalMs?: number;
  /** REDELIVERY_BASE_DELAY_SECONDS: a queued webhook's first retry (default here 1 s, in the cloud 30 s). */
  redeliveryBaseDelaySeconds?: number;
  /** Which Twilio REST API the functions send through: the fake (default) or Twilio's real one (a real-phone trial). */
  twilioApi?: TwilioApiChoice;
  /** TWILIO_MESSAGING_SERVICE_SID and TWILIO_API_TIMEOUT_MS, as the deployed functions read them. */
  messagingServiceSid?: string;
  twilioApiTimeoutMs?: number;
  /** METRICS_NAMESPACE (default MissedCallTextBack/local). */
  metricsNamespace?: string;
  /** Where the seed came from, for the start-up banner. */
  seedFile?: string;
}

/**
 * The fake of Twilio's REST API, or Twilio's own (`npm start` with a real account's TWILIO_ACCOUNT_SID and
 * TWILIO_AUTH_TOKEN and a PUBLIC_BASE_URL): then every send is a real text. `baseUrl` moves the real-API path (tests).
 */
export type TwilioApiChoice = { kind: 'fake' } | { kind: 'real'; baseUrl?: string };

export interface LocalService {
  url: string;
  /** The address and port it listens on, e.g. `127.0.0.1:3000`. */
  listening: string;
  publicBaseUrl: string;
  dynamodbEndpoint: string;
  config: ServiceConfig;
  /** Which Twilio REST API the functions send through. */
  twilioApiChoice: TwilioApiChoice;
  outbox(): OutboxEntry[];
  metrics(): Record<string, number>;
  /** What waits in the redelivery queues (GET /local/queue): per route, pending and dead-lettered webhooks. */
  queue(): Record<string, QueueSnapshot>;
  /** Runs the queue consumers now instead of at their next tick. */
  drainQueues(): Promise<number>;
  twilioApi: FakeTwilioApi;
  dynamo: EmbeddedDynamo;
  close(): Promise<void>;
}

export const LOCAL_TABLES = { directoryTable: 'Directory', activityTable: 'Activity' } as const;

/**
 * The three webhooks in one process, as a user runs them locally: embedded DynamoDB, seeded numbers,
 * a fake of Twilio's Messages API, and an HTTP server that turns requests into API Gateway proxy events.
 */
export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const dynamo = await startEmbeddedDynamo(options.dynamodbPort);
  const twilioApi = await startFakeTwilioApi({
    accountSid: options.accountSid,
    authToken: options.authToken,
    phoneNumbers: accountNumbers(options.seed),
  });
  const counters = new MetricCounters();
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  const server = createServer();

  try {
    await createTables(dynamo.endpoint, LOCAL_TABLES);
    await applySeed(options.seed, new DynamoNumberDirectory(db, LOCAL_TABLES.directoryTable));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? LOCAL_DEFAULTS.host, () => resolve());
    });
  } catch (error) {
    await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  const twilioApiChoice = options.twilioApi ?? { kind: 'fake' };
  const publicBaseUrl = (options.publicBaseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const config: ServiceConfig = {
    directory: { directoryTable: LOCAL_TABLES.directoryTable },
    activity: { activityTable: LOCAL_TABLES.activityTable },
    dynamodb: { endpoint: dynamo.endpoint },
    numbers: { onboardingNumber: options.seed.onboardingNumber },
    webhook: { publicBaseUrl },
    metrics: { namespace: options.metricsNamespace ?? 'MissedCallTextBack/local' },
    twilio: {
      credentials: { kind: 'environment', accountSid: options.accountSid, authToken: options.authToken },
      // The real API: the adapters' own default (https://api.twilio.com) unless a test moves it.
      ...(twilioApiChoice.kind === 'fake'
        ? { apiBaseUrl: twilioApi.baseUrl }
        : twilioApiChoice.baseUrl
          ? { apiBaseUrl: twilioApiChoice.baseUrl }
          : {}),
      ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {}),
      ...(options.twilioApiTimeoutMs !== undefined ? { apiTimeoutMs: options.twilioApiTimeoutMs } : {}),
    },
    textBack: { cooldownMinutes: options.textBackCooldownMinutes ?? 30, dailySmsCap: options.dailySmsCap ?? 200 },
    sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3, ...options.sendLimits },
    // Open by default (no operator approval), as in the cloud; SIGNUP_APPROVAL_REQUIRED=true holds sign-ups.
    signup: { ...DEFAULT_SIGNUP_RULES, ...options.signup },
    // The in-process queues stand in for SQS; retries start after a second here unless told otherwise.
    redelivery: { queueUrl: 'in-process', baseDelaySeconds: options.redeliveryBaseDelaySeconds ?? 1 },
    calls: {
      ringSeconds: options.ringSeconds ?? 20,
      recordingsPublic: options.recordingsPublic ?? false,
      ...DEFAULT_CALL_BUDGETS,
      ...options.callBudgets,
    },
  };
  // The local clock: real time unless POST /local/clock set one (`admin simulate call --at`). Local only: the
  // deployed functions have no such route and always run on the system clock.
  let localNow: Date | undefined;
  const clock = { now: () => (localNow ? new Date(localNow) : new Date()) };
  const functions = wireLocalFunctions(config, (service) => ({
    service,
    db,
    clock,
    emfWriter: counters.write,
    logger: new JsonLogger(service, options.logWriter),
  }));
  const routes: Record<string, WebhookHandler> = functions.webhooks;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const serveWaitingList = functions.serveWaitingList;
  // Like the scheduled function: a tick that assigns nothing writes nothing; one that fails says so.
  // Like the SQS event source: the consumers finish queued webhooks as soon as they are visible.
  const redeliveryTimer = setInterval(
    () =>
      void functions.redelivery
        .drain()
        .catch((error: unknown) =>
          new JsonLogger('redelivery', options.logWriter).error('redelivery failed', { error: String(error) }),
        ),
    options.redeliveryIntervalMs ?? 500,
  );
  const waitingListTimer = options.waitingListIntervalMs
    ? setInterval(
        () =>
          void serveWaitingList().catch((error: unknown) =>
            new JsonLogger('waitlist', options.logWriter).error('waiting list failed', {
              error: error instanceof Error ? error.name : 'unknown',
            }),
          ),
        options.waitingListIntervalMs,
      )
    : undefined;

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void route(request, response).catch(() => send(response, 500, 'text/plain', 'Internal Server Error'));
  });

  function queueSnapshot(): Record<string, QueueSnapshot> {
    return Object.fromEntries(
      Object.entries(functions.redelivery.queues).map(([route, queue]) => [route, queue.snapshot()]),
    );
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // An exact route, or a `{token}` route (the voicemail callbacks) with its token, as API Gateway would match it.
    const matched = matchWebhookPath(url.pathname);
    const invoke = matched ? routes[matched.route] : undefined;
    if (request.method === 'GET' && url.pathname === '/health') return sendJson(response, 200, { status: 'ok' });
    if (request.method === 'GET' && url.pathname === '/local/outbox')
      return sendJson(response, 200, twilioApi.outbox());
    if (request.method === 'GET' && url.pathname === '/local/metrics')
      return sendJson(response, 200, { counters: counters.snapshot() });
    if (request.method === 'GET' && url.pathname === '/local/queue') return sendJson(response, 200, queueSnapshot());
    if (request.method === 'POST' && url.pathname === '/local/queue/replay') {
      const replayed = Object.values(functions.redelivery.queues).reduce((sum, queue) => sum + queue.redrive(), 0);
      return sendJson(response, 200, { replayed });
    }
    if (request.method === 'POST' && url.pathname === '/local/clock') {
      const body = await readBody(request, 1024);
      let now: unknown;
      try {
        now = (JSON.parse(body?.toString('utf8') || '{}') as { now?: unknown }).now;
      } catch {
        return send(response, 400, 'text/plain', 'body must be JSON: {"now": "<ISO time>"} or {"now": null}');
      }
      const date = typeof now === 'string' ? new Date(now) : undefined;
      if (now !== null && now !== undefined && (!date || Number.isNaN(date.getTime())))
        return send(response, 400, 'text/plain', '"now" must be an ISO time or null');
      localNow = date;
      return sendJson(response, 200, { now: (localNow ?? new Date()).toISOString(), fixed: localNow !== undefined });
    }
    if (url.pathname.startsWith(TWILIO_API_PREFIX)) {
      // With the real API, the fake's numbers are not the account's: say where the account is instead.
      if (twilioApiChoice.kind === 'real')
        return send(
          response,
          503,
          'text/plain',
          "npm start is sending through Twilio's real API: point the admin CLI at it with TWILIO_API_BASE_URL=https://api.twilio.com and the account's TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
        );
      return forwardToTwilioApi(request, response, twilioApi.baseUrl);
    }
    if (!invoke) return send(response, 404, 'text/plain', 'Not Found');
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'Method Not Allowed');

    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) return send(response, 413, 'text/plain', 'Payload Too Large');
    const result = await invoke(toProxyEvent(request, url, body, matched), lambdaContext(url.pathname));
    response.writeHead(result.statusCode, result.headers as Record<string, string>);
    response.end(result.body);
  }

  const address = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    listening: `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${port}`,
    publicBaseUrl,
    dynamodbEndpoint: dynamo.endpoint,
    config,
    twilioApiChoice,
    outbox: () => twilioApi.outbox(),
    metrics: () => counters.snapshot(),
    queue: queueSnapshot,
    drainQueues: () => functions.redelivery.drain(),
    twilioApi,
    dynamo,
    close: async () => {
      clearInterval(waitingListTimer);
      clearInterval(redeliveryTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.destroy();
      await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    },
  };
}

/** Twilio's REST API lives under this prefix; locally it is served on the same port, by the fake. */
const TWILIO_API_PREFIX = '/2010-04-01/';

/** Every number of the seed is on the fake Twilio account: the table's numbers, the clients' and the onboarding one. */
function accountNumbers(seed: Seed): string[] {
  return [
    ...new Set([
      ...seed.numbers.map((number) => number.phone),
      ...seed.clients.map((client) => client.twilioNumber),
      seed.onboardingNumber,
    ]),
  ];
}

/** Passes a request to the fake Twilio API as is, so `http://localhost:$PORT` is also the local Twilio API base URL. */
async function forwardToTwilioApi(
  request: IncomingMessage,
  response: ServerResponse,
  apiBaseUrl: string,
): Promise<void> {
  const body = await readBody(request, 64 * 1024);
  if (body === undefined) return send(response, 413, 'text/plain', 'Payload Too Large');
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const answer = await fetch(`${apiBaseUrl}${request.url ?? '/'}`, {
    method: request.method ?? 'GET',
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  response.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/** The event API Gateway's Lambda proxy integration would deliver for this request. */
function toProxyEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  matched: ReturnType<typeof matchWebhookPath>,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] as string;
    const value = request.rawHeaders[index + 1] as string;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string[]> = {};
  url.searchParams.forEach((value, key) => {
    (query[key] ??= []).push(value);
  });
  const hasQuery = Object.keys(query).length > 0;
  return {
    httpMethod: request.method ?? 'POST',
    path: url.pathname,
    resource: matched?.route ?? url.pathname,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.at(-1) as string]))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: matched?.pathParameters ?? null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      httpMethod: request.method ?? 'POST',
      path: url.pathname,
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function lambdaContext(path: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local${path.replace(/\//g, '-')}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local${path.replace(/\//g, '-')}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 15000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  send(response, status, 'application/json', JSON.stringify(payload));
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(body);
}
