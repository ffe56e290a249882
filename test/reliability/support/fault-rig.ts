import { DynamoClaimingRegistry } from '../../../shared/adapters/dynamodb/dynamo-claiming-registry';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { SMS_ROUTE } from '../../../functions/sms/create-handler';
import { STATUS_ROUTE } from '../../../functions/status/create-handler';
import { VOICE_ROUTE } from '../../../functions/voice/create-handler';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../../local/embedded-dynamodb';
import { startFakeTwilioApi, type FakeTwilioApi, type OutboxEntry } from '../../../local/fake-twilio-api';
import { LOCAL_TABLES } from '../../../local/local-service';
import { MetricCounters } from '../../../local/metric-counters';
import { applySeed, type Seed } from '../../../local/seed';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { JsonLogger } from '../../../shared/adapters/logging/json-logger';
import { loadConfig } from '../../../shared/config';
import { wireLocalFunctions } from '../../../local/local-functions';
import { CONFIG_SECTIONS } from '../../../shared/function-settings';
import type { WebhookHandler, WebhookResult } from '../../../shared/http/webhook-types';
import type { Clock } from '../../../shared/ports/clock';
import { signedEvent, type RequestOptions, type TwilioParams } from '../../support/twilio-request';
import { scanTable, type Item } from './activity-records';
import { startDynamoFaultProxy, type DynamoFaultProxy } from './dynamo-fault-proxy';

export const RIG_AUTH_TOKEN = 'fault-rig-auth-token';
export const RIG_ACCOUNT_SID = 'AC33333333333333333333333333333333';
export const RIG_PUBLIC_BASE_URL = 'https://hooks.example.test/prod';

export interface TimedResult extends WebhookResult {
  ms: number;
}

export interface FaultRig {
  voice(params: TwilioParams, options?: RequestOptions): Promise<TimedResult>;
  status(params: TwilioParams, options?: RequestOptions): Promise<TimedResult>;
  sms(params: TwilioParams, options?: RequestOptions): Promise<TimedResult>;
  outbox(): OutboxEntry[];
  metrics(): Record<string, number>;
  /** ERROR and CRITICAL log lines the functions wrote. */
  errorLogs: string[];
  activityItems(): Promise<Item[]>;
  twilioApi: FakeTwilioApi;
  /**
   * Runs the redelivery consumers until their queues are empty or only dead letters are left, waiting out each
   * backoff (one second here): what the SQS event source does in the cloud. Resolves to the messages delivered.
   */
  finishQueued(): Promise<number>;
  /** What is still queued or dead-lettered, per route. */
  queued(): { pending: number; deadLetters: number };
  /** The embedded DynamoDB's own endpoint (never through the proxy). */
  dynamodbEndpoint: string;
  /** Present when the rig was started with `proxy: true`: the functions reach DynamoDB only through it. */
  proxy?: DynamoFaultProxy;
  /** Kills the embedded DynamoDB's process: its port refuses connections until `startDynamo`. Data is kept on disk. */
  stopDynamo(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  startDynamo(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The three handlers wired as in production (config read by `loadConfig`, adapters by `createDependencies`), on an
 * embedded DynamoDB that keeps its data on disk so it can be stopped and restarted mid-run, optionally behind a proxy
 * that loses answers, and the fake Twilio API with its fault injection.
 */
export interface FaultRigOptions {
  /** Put the fault proxy between the functions and DynamoDB. */
  proxy?: boolean;
  /** Keep DynamoDB's data in memory (faster, but it cannot survive `stopDynamo`). */
  inMemory?: boolean;
  /** More environment for `loadConfig`, e.g. `DAILY_SMS_CAP`. */
  env?: Record<string, string>;
  /** The functions' clock, to run days of traffic in seconds. */
  clock?: Clock;
}

export async function startFaultRig(seed: Seed, options: FaultRigOptions = {}): Promise<FaultRig> {
  const dataDir = options.inMemory ? undefined : await mkdtemp(join(tmpdir(), 'reliability-dynamo-'));
  // In memory: in this process. On disk: in a child process that `stopDynamo` kills, as an outage would.
  let dynamo: EmbeddedDynamo | undefined = dataDir
    ? await startDynamoProcess(0, dataDir)
    : await startEmbeddedDynamo(0);
  const dynamoPort = dynamo.port;
  await createTables(dynamo.endpoint, LOCAL_TABLES);
  const twilioApi = await startFakeTwilioApi({ accountSid: RIG_ACCOUNT_SID, authToken: RIG_AUTH_TOKEN });
  const proxy = options.proxy ? await startDynamoFaultProxy(dynamoPort) : undefined;

  const setupDb = createDocumentClient({ endpoint: dynamo.endpoint });
  await applySeed(seed, new DynamoClaimingRegistry(setupDb, LOCAL_TABLES.directoryTable));
  setupDb.destroy();

  const config = loadConfig(CONFIG_SECTIONS, {
    DIRECTORY_TABLE: LOCAL_TABLES.directoryTable,
    ACTIVITY_TABLE: LOCAL_TABLES.activityTable,
    ONBOARDING_NUMBER: seed.onboardingNumber,
    PUBLIC_BASE_URL: RIG_PUBLIC_BASE_URL,
    METRICS_NAMESPACE: 'MissedCallTextBack/reliability',
    TWILIO_ACCOUNT_SID: RIG_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: RIG_AUTH_TOKEN,
    DYNAMODB_ENDPOINT: proxy?.endpoint ?? dynamo.endpoint,
    TWILIO_API_BASE_URL: twilioApi.baseUrl,
    REDELIVERY_QUEUE_URL: 'in-process',
    SIGNUP_FUNCTION_NAME: 'in-process',
    CRM_EVENTS_QUEUE_URL: 'in-process',
    REDELIVERY_BASE_DELAY_SECONDS: '1',
    ...options.env,
  });
  const counters = new MetricCounters();
  const errorLogs: string[] = [];
  const db = createDocumentClient({ endpoint: config.dynamodb.endpoint as string });
  const functions = wireLocalFunctions(config, (service) => ({
    service,
    db,
    emfWriter: counters.write,
    ...(options.clock ? { clock: options.clock } : {}),
    logger: new JsonLogger(service, (line) => {
      if (/"level":"(error|critical)"/i.test(line)) errorLogs.push(line);
    }),
  }));

  let requests = 0;
  const invoker =
    (handler: WebhookHandler, path: string) => async (params: TwilioParams, requestOptions?: RequestOptions) => {
      const event = signedEvent(RIG_PUBLIC_BASE_URL, path, RIG_AUTH_TOKEN, params, requestOptions);
      const started = performance.now();
      const result = await handler(event, lambdaContext(++requests));
      return { ...result, ms: performance.now() - started };
    };
  const directEndpoint = `http://127.0.0.1:${dynamoPort}`;

  return {
    voice: invoker(functions.webhooks[VOICE_ROUTE], VOICE_ROUTE),
    status: invoker(functions.webhooks[STATUS_ROUTE], STATUS_ROUTE),
    sms: invoker(functions.webhooks[SMS_ROUTE], SMS_ROUTE),
    outbox: () => twilioApi.outbox(),
    metrics: () => counters.snapshot(),
    errorLogs,
    activityItems: () => scanTable(directEndpoint, LOCAL_TABLES.activityTable),
    finishQueued: async () => {
      let delivered = 0;
      const queues = Object.values(functions.redelivery.queues);
      for (let round = 0; round < 60 && queues.some((queue) => queue.size > 0); round += 1) {
        delivered += await functions.redelivery.drain();
        if (queues.some((queue) => queue.size > 0)) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return delivered;
    },
    queued: () => {
      const snapshots = Object.values(functions.redelivery.queues).map((queue) => queue.snapshot());
      return {
        pending: snapshots.reduce((sum, snapshot) => sum + snapshot.pending.length, 0),
        deadLetters: snapshots.reduce((sum, snapshot) => sum + snapshot.deadLetters.length, 0),
      };
    },
    twilioApi,
    dynamodbEndpoint: directEndpoint,
    ...(proxy ? { proxy } : {}),
    stopDynamo: async () => {
      await dynamo?.close();
      dynamo = undefined;
    },
    startDynamo: async () => {
      if (!dataDir) throw new Error('an in-memory rig cannot restart DynamoDB with its data');
      dynamo = await startDynamoProcess(dynamoPort, dataDir);
    },
    close: async () => {
      db.destroy();
      await Promise.allSettled([twilioApi.close(), proxy?.close(), dynamo?.close()]);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The embedded DynamoDB with its data in `dataDir`, in a child process; `close` kills it (SIGKILL: no clean shutdown). */
async function startDynamoProcess(port: number, dataDir: string): Promise<EmbeddedDynamo> {
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(__dirname, 'dynamo-process.ts'), String(port), dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  const actualPort = await new Promise<number>((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /\{"port":(\d+)\}/.exec(output);
      if (ready) resolve(Number(ready[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the embedded DynamoDB process exited with ${code}: ${errors}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function lambdaContext(serial: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'reliability',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:reliability',
    memoryLimitInMB: '512',
    awsRequestId: `reliability-${serial}`,
    logGroupName: 'reliability',
    logStreamName: 'reliability',
    getRemainingTimeInMillis: () => 12000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
