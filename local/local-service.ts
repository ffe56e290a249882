import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDocumentClient, type DynamoDBDocumentClient } from '../shared/adapters/dynamodb/document-client';
import { DynamoClaimingRegistry } from '../shared/adapters/dynamodb/dynamo-claiming-registry';
import { JsonLogger } from '../shared/adapters/logging/json-logger';
import type { ServiceConfig } from '../shared/config';
import { matchWebhookPath } from '../shared/http/match-webhook-path';
import type { WebhookHandler } from '../shared/http/webhook-types';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamodb';
import type { QueueSnapshot } from './in-process-queue';
import { lambdaContext, readBody, send, toProxyEvent } from './lambda-proxy';
import { wireLocalFunctions, type LocalFunctions } from './local-functions';
import { startFakeTwilioApi, type FakeTwilioApi, type OutboxEntry } from './fake-twilio-api';
import { LOCAL_DEFAULTS } from './local-defaults';
import { forwardToTwilioApi, LocalClock, localRoutes, TWILIO_API_PREFIX, type LocalRoute } from './local-routes';
import {
  LOCAL_TABLES,
  localServiceConfig,
  type LocalServiceOptions,
  type TwilioApiChoice,
} from './local-service-config';
import { MetricCounters } from './metric-counters';
import { LocalCrmReceiver } from './local-crm-receiver';
import { DynamoCrmWebhooks } from '../shared/adapters/dynamodb/dynamo-crm-webhooks';
import { applySeed, type Seed } from './seed';

export { LOCAL_TABLES, type LocalServiceOptions, type TwilioApiChoice } from './local-service-config';

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
    await seedAndListen(server, db, dynamo.endpoint, options);
  } catch (error) {
    await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  const twilioApiChoice = options.twilioApi ?? { kind: 'fake' };
  const publicBaseUrl = (options.publicBaseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const config = localServiceConfig(options, {
    dynamoEndpoint: dynamo.endpoint,
    publicBaseUrl,
    twilioApiChoice,
    fakeApiBaseUrl: twilioApi.baseUrl,
  });
  const clock = new LocalClock();
  const logger = (service: string) => new JsonLogger(service, options.logWriter);
  const wiring = (service: string) => ({ service, db, clock, emfWriter: counters.write, logger: logger(service) });
  // Issue 19 §5: the one http:// destination the local CRM function may post to, never deployed.
  const functions = wireLocalFunctions(config, wiring, { localReceiver: `http://localhost:${port}/local/crm` });
  const stopTimers = startTimers(functions, options);
  const queueSnapshot = (): Record<string, QueueSnapshot> =>
    Object.fromEntries(Object.entries(functions.redelivery.queues).map(([route, queue]) => [route, queue.snapshot()]));
  const route = router({
    local: localRoutes({
      outbox: () => twilioApi.outbox(),
      calls: () => twilioApi.calls(),
      counters: () => counters.snapshot(),
      queues: queueSnapshot,
      replay: () => replayDeadLetters(functions),
      clock,
      crm: new LocalCrmReceiver(new DynamoCrmWebhooks(db, LOCAL_TABLES.directoryTable), clock.now),
    }),
    webhooks: functions.webhooks,
    twilioApiChoice,
    fakeApiBaseUrl: twilioApi.baseUrl,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void route(request, response).catch(() => send(response, 500, 'text/plain', 'Internal Server Error'));
  });

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
      stopTimers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.destroy();
      await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    },
  };
}

/** The tables created and seeded, then the server listening: the service answers only once its numbers are there. */
async function seedAndListen(
  server: Server,
  db: DynamoDBDocumentClient,
  dynamoEndpoint: string,
  options: LocalServiceOptions,
): Promise<void> {
  await createTables(dynamoEndpoint, LOCAL_TABLES);
  await applySeed(options.seed, new DynamoClaimingRegistry(db, LOCAL_TABLES.directoryTable));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? LOCAL_DEFAULTS.host, () => resolve());
  });
}

/**
 * Like the SQS event source: the consumers finish queued webhooks as soon as they are visible. Like the scheduled
 * function: a waiting-list tick that assigns nothing writes nothing; one that fails says so. Returns their stop.
 */
function startTimers(functions: LocalFunctions, options: LocalServiceOptions): () => void {
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
          void functions.serveWaitingList().catch((error: unknown) =>
            new JsonLogger('waitlist', options.logWriter).error('waiting list failed', {
              error: error instanceof Error ? error.name : 'unknown',
            }),
          ),
        options.waitingListIntervalMs,
      )
    : undefined;
  const ownerTextsTimer = options.ownerTextsIntervalMs
    ? setInterval(
        () =>
          void functions.sendOwnerTexts().catch((error: unknown) =>
            new JsonLogger('owner-texts', options.logWriter).error('owner texts failed', {
              error: error instanceof Error ? error.name : 'unknown',
            }),
          ),
        options.ownerTextsIntervalMs,
      )
    : undefined;
  return () => {
    clearInterval(ownerTextsTimer);
    clearInterval(waitingListTimer);
    clearInterval(redeliveryTimer);
  };
}

/**
 * One request: a local route (/health, /local/*), Twilio's REST API (the fake, on the same port), or a webhook, run
 * as API Gateway would run its function.
 */
function router(routes: {
  local: Record<string, LocalRoute>;
  webhooks: Record<string, WebhookHandler>;
  twilioApiChoice: TwilioApiChoice;
  fakeApiBaseUrl: string;
  maxBodyBytes: number;
}): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const local = routes.local[`${request.method} ${url.pathname}`];
    if (local) return local(request, response);
    if (url.pathname.startsWith(TWILIO_API_PREFIX)) {
      // With the real API, the fake's numbers are not the account's: say where the account is instead.
      if (routes.twilioApiChoice.kind === 'real')
        return send(
          response,
          503,
          'text/plain',
          "npm start is sending through Twilio's real API: point the admin CLI at it with TWILIO_API_BASE_URL=https://api.twilio.com and the account's TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
        );
      return forwardToTwilioApi(request, response, routes.fakeApiBaseUrl);
    }
    // An exact route, or a `{token}` route (the voicemail callbacks) with its token, as API Gateway would match it.
    const matched = matchWebhookPath(url.pathname);
    const invoke = matched ? routes.webhooks[matched.route] : undefined;
    if (!invoke) return send(response, 404, 'text/plain', 'Not Found');
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'Method Not Allowed');

    const body = await readBody(request, routes.maxBodyBytes);
    if (body === undefined) return send(response, 413, 'text/plain', 'Payload Too Large');
    const result = await invoke(toProxyEvent(request, url, body, matched), lambdaContext(url.pathname));
    response.writeHead(result.statusCode, result.headers as Record<string, string>);
    response.end(result.body);
  };
}

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

/** What `admin replay` does locally: every dead letter back to its queue (the redelivery queues' and the CRM queue's). */
function replayDeadLetters(functions: LocalFunctions): number {
  const queues = [...Object.values(functions.redelivery.queues), functions.crm.queue];
  return queues.reduce((sum, queue) => sum + queue.redrive(), 0);
}
