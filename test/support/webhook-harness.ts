import { DynamoClaimingRegistry } from '../../shared/adapters/dynamodb/dynamo-claiming-registry';
import { DEFAULT_OWNER_TEXTS_RULES, type OwnerTextsRules } from '../../shared/domain/after-job/owner-texts-run';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import * as twilioWebhook from '../../admin/simulate/twilio-params';
import { SMS_ROUTE } from '../../functions/sms/create-handler';
import { STATUS_ROUTE } from '../../functions/status/create-handler';
import { VOICE_ROUTE } from '../../functions/voice/create-handler';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';
import { startFakeTwilioApi, type FakeTwilioApi, type OutboxEntry } from '../../local/fake-twilio-api';
import { LOCAL_TABLES } from '../../local/local-service';
import { metricsInEmfLine } from '../../local/metric-counters';
import { applySeed, type Seed } from '../../local/seed';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { wireLocalFunctions, type LocalCrmOptions, type LocalFunctions } from '../../local/local-functions';
import { DEFAULT_CALL_BUDGETS, type ServiceConfig } from '../../shared/config';
import type { Clock } from '../../shared/ports/clock';
import { DEFAULT_SIGNUP_RULES, type SignupRules } from '../../shared/domain/signup/signup-rules';
import type { WebhookHandler, WebhookResult } from '../../shared/http/webhook-types';
import { matchWebhookPath } from '../../shared/http/match-webhook-path';
import { TEST_SEED } from './seeds';
import { signedEvent, type RequestOptions, type TwilioParams } from './twilio-request';

export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const TEST_ACCOUNT_SID = 'AC11111111111111111111111111111111';
export const TEST_PUBLIC_BASE_URL = 'https://hooks.example.test/prod';
export const TEST_NAMESPACE = 'MissedCallTextBack/test';

export interface LogEntry {
  level: string;
  service: string;
  message: string;
  [field: string]: unknown;
}

export type DynamoCallMatcher = (commandName: string, input: Record<string, unknown>) => boolean;

/** A matcher for one command on items whose key (or Item, or any item of a transaction) contains `keyPart`, e.g. `onItem('PutItemCommand', 'CALL#')`. */
export function onItem(
  commandName: string,
  keyPart: string,
  options: { conditional?: boolean } = {},
): DynamoCallMatcher {
  return (name, input) =>
    name === commandName &&
    JSON.stringify(input.Key ?? input.Item ?? input.TransactItems ?? input.ExpressionAttributeValues ?? {}).includes(
      keyPart,
    ) &&
    (options.conditional === undefined || options.conditional === (input.ConditionExpression !== undefined));
}

export interface Harness {
  voice(params: TwilioParams, options?: RequestOptions): Promise<WebhookResult>;
  status(params: TwilioParams, options?: RequestOptions): Promise<WebhookResult>;
  sms(params: TwilioParams, options?: RequestOptions): Promise<WebhookResult>;
  /** Any route of the local contract (issue 12: /twilio/voice/dial-action, /twilio/status/recording, …), signed for that route. */
  post(route: string, params: TwilioParams, options?: RequestOptions): Promise<WebhookResult>;
  /** Every SMS the fake Twilio API accepted, oldest first. */
  outbox(): OutboxEntry[];
  /** Metric sums read back from the EMF lines the functions wrote. */
  metrics(): Record<string, number>;
  emfLines: string[];
  logs: LogEntry[];
  /** DynamoDB commands sent since the last `resetCounters()`, by name. */
  dynamoCalls: string[];
  /** The same, by the function that sent them (its wiring's service name: sms, signup, crm, owner-texts, …). */
  dynamoCallsByFunction: Record<string, string[]>;
  resetCounters(): void;
  activityItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  /** Every item in the activity table: calls, messages, jobs, sign-ups. */
  activityItems(): Promise<Record<string, unknown>[]>;
  db: DynamoDBDocumentClient;
  dynamo: EmbeddedDynamo;
  twilioApi: FakeTwilioApi;
  config: ServiceConfig;
  /** The functions as wired for this harness (the waiting-list job among them). */
  functions: LocalFunctions;
  /** Every function's clock: `setNow(t)` moves time for all of them, `setNow()` goes back to the real clock. */
  setNow(now?: Date): void;
  /**
   * Makes DynamoDB calls fail as an outage would, at the SDK, for every call `matches` selects, until the
   * returned function is called. `matches` sees the command's name and input.
   */
  failDynamo(matches: DynamoCallMatcher, error?: Error): () => void;
  close(): Promise<void>;
}

/**
 * The three handlers with their real middy chains, wired exactly as in production but to an embedded DynamoDB
 * (dynalite) and the fake Twilio API. Each test file gets its own servers on free ports.
 */
export interface HarnessOptions {
  textBackCooldownMinutes?: number;
  dailySmsCap?: number;
  dailyOwnerSmsCap?: number;
  automatedTextsPerCounterpart?: number;
  /** TWILIO_MESSAGING_SERVICE_SID: sent with every message when set. */
  messagingServiceSid?: string;
  /** Sign-up limits (SIGNUP_*); DEFAULT_SIGNUP_RULES otherwise. */
  signup?: Partial<SignupRules>;
  ringSeconds?: number;
  /** RING_DIALS_PER_HOUR, RING_DIALS_PER_CALLER, VOICEMAILS_PER_CALLER. */
  callBudgets?: Partial<typeof DEFAULT_CALL_BUDGETS>;
  recordingsPublic?: boolean;
  /** TWILIO_API_TIMEOUT_MS (default 5000): short, so a test of a Twilio API that does not answer does not wait. */
  twilioApiTimeoutMs?: number;
  /** Issue 19 §5: the CRM function's local receiver, resolver and retry delay (none by default). */
  crm?: LocalCrmOptions;
  /** REVIEW_HOURS and OWNER_TEXTS_PER_RUN (issue 19); DEFAULT_OWNER_TEXTS_RULES otherwise. */
  ownerTexts?: Partial<OwnerTextsRules>;
}

export async function startHarness(seed: Seed = TEST_SEED, options: HarnessOptions = {}): Promise<Harness> {
  const dynamo = await startEmbeddedDynamo(0);
  const twilioApi = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  await createTables(dynamo.endpoint, LOCAL_TABLES);

  const dynamoCalls: string[] = [];
  const dynamoCallsByFunction: Record<string, string[]> = {};
  const faults: Array<{ matches: DynamoCallMatcher; error: Error }> = [];
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = String(context.commandName);
      dynamoCalls.push(commandName);
      const fault = faults.find((candidate) => candidate.matches(commandName, args.input as Record<string, unknown>));
      if (fault) throw fault.error;
      return next(args);
    },
    { step: 'initialize', name: 'countAndFailDynamoCalls' },
  );
  await applySeed(seed, new DynamoClaimingRegistry(db, LOCAL_TABLES.directoryTable));

  const emfLines: string[] = [];
  const logs: LogEntry[] = [];
  let fixedNow: Date | undefined;
  const clock: Clock = { now: () => (fixedNow ? new Date(fixedNow) : new Date()) };
  const config: ServiceConfig = {
    directory: { directoryTable: LOCAL_TABLES.directoryTable },
    activity: { activityTable: LOCAL_TABLES.activityTable },
    dynamodb: { endpoint: dynamo.endpoint },
    numbers: { onboardingNumber: seed.onboardingNumber },
    webhook: { publicBaseUrl: TEST_PUBLIC_BASE_URL },
    metrics: { namespace: TEST_NAMESPACE },
    twilio: {
      credentials: { kind: 'environment', accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN },
      apiBaseUrl: twilioApi.baseUrl,
      ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {}),
      ...(options.twilioApiTimeoutMs ? { apiTimeoutMs: options.twilioApiTimeoutMs } : {}),
    },
    textBack: { cooldownMinutes: options.textBackCooldownMinutes ?? 30, dailySmsCap: options.dailySmsCap ?? 200 },
    sendLimits: {
      dailyOwnerSmsCap: options.dailyOwnerSmsCap ?? 500,
      automatedTextsPerCounterpart: options.automatedTextsPerCounterpart ?? 3,
    },
    signup: { ...DEFAULT_SIGNUP_RULES, ...options.signup },
    // Retries are driven by the tests (`drainQueues`), each after its backoff on the harness clock.
    signupFunction: { functionName: 'in-process' },
    redelivery: { queueUrl: 'in-process', baseDelaySeconds: 30 },
    crmEvents: { queueUrl: 'in-process' },
    ownerTexts: { ...DEFAULT_OWNER_TEXTS_RULES, ...options.ownerTexts },
    calls: {
      ringSeconds: options.ringSeconds ?? 20,
      recordingsPublic: options.recordingsPublic ?? false,
      ...DEFAULT_CALL_BUDGETS,
      ...options.callBudgets,
    },
  };
  const functions = wireLocalFunctions(
    config,
    (service) => ({
      service,
      db: sentAs(db, (commandName) => (dynamoCallsByFunction[service] ??= []).push(commandName)),
      clock,
      emfWriter: (line) => emfLines.push(line),
      logger: new JsonLogger(service, (line) => logs.push(JSON.parse(line) as LogEntry)),
    }),
    options.crm,
  );
  const invoker = (handler: WebhookHandler, path: string) => (params: TwilioParams, options?: RequestOptions) =>
    handler(signedEvent(TEST_PUBLIC_BASE_URL, path, TEST_AUTH_TOKEN, params, options), lambdaContext());
  const harness: Harness = {
    voice: invoker(functions.webhooks[VOICE_ROUTE], VOICE_ROUTE),
    status: invoker(functions.webhooks[STATUS_ROUTE], STATUS_ROUTE),
    sms: invoker(functions.webhooks[SMS_ROUTE], SMS_ROUTE),
    post: (route, params, options) => {
      // A `{token}` route is posted to with its token in place, as Twilio does (the voicemail callbacks).
      const matched = matchWebhookPath(route);
      const handler = matched && (functions.webhooks as Record<string, WebhookHandler>)[matched.route];
      if (!matched || !handler) throw new Error(`no local route ${route}`);
      const event = signedEvent(TEST_PUBLIC_BASE_URL, route, TEST_AUTH_TOKEN, params, options);
      return handler(
        { ...event, resource: matched.route, pathParameters: matched.pathParameters ?? null },
        lambdaContext(),
      );
    },
    outbox: () => twilioApi.outbox(),
    metrics: () => {
      const sums: Record<string, number> = {};
      for (const line of emfLines) {
        for (const [name, value] of Object.entries(metricsInEmfLine(line))) sums[name] = (sums[name] ?? 0) + value;
      }
      return sums;
    },
    emfLines,
    logs,
    dynamoCalls,
    dynamoCallsByFunction,
    resetCounters: () => {
      dynamoCalls.length = 0;
      for (const service of Object.keys(dynamoCallsByFunction)) delete dynamoCallsByFunction[service];
    },
    activityItem: async (pk, sk) =>
      (await db.send(new GetCommand({ TableName: LOCAL_TABLES.activityTable, Key: { pk, sk } }))).Item,
    activityItems: async () => (await db.send(new ScanCommand({ TableName: LOCAL_TABLES.activityTable }))).Items ?? [],
    db,
    dynamo,
    twilioApi,
    config,
    functions,
    setNow: (now) => {
      fixedNow = now;
    },
    failDynamo: (matches, error = new Error('DynamoDB unreachable')) => {
      const fault = { matches, error };
      faults.push(fault);
      return () => {
        faults.splice(faults.indexOf(fault), 1);
      };
    },
    close: async () => {
      db.destroy();
      await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    },
  };
  return harness;
}

/**
 * The one client, as one function sees it: each command it sends is counted as that function's too, by a middleware on
 * the command itself (no AsyncLocalStorage: tracking every promise made the whole suite 40% slower).
 */
function sentAs(db: DynamoDBDocumentClient, count: (commandName: string) => void): DynamoDBDocumentClient {
  const tagged = new WeakSet<object>();
  return new Proxy(db, {
    get: (target, property, receiver) =>
      property === 'send'
        ? (...args: Parameters<DynamoDBDocumentClient['send']>) => {
            const [command] = args;
            if (!tagged.has(command)) {
              tagged.add(command);
              // lib-dynamodb runs a command's own stack twice (its marshalling layer and the client's): counted once.
              let counted = false;
              command.middlewareStack.add(
                (next, context) => (input) => {
                  if (!counted) count(String(context.commandName));
                  counted = true;
                  return next(input);
                },
                { step: 'initialize' },
              );
            }
            return target.send(...args);
          }
        : Reflect.get(target, property, receiver),
  });
}

let requestCounter = 0;

function lambdaContext(): Context {
  requestCounter += 1;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:test',
    memoryLimitInMB: '256',
    awsRequestId: `test-request-${requestCounter}`,
    logGroupName: 'test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 15000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Twilio's voice webhook parameters for an inbound call (the simulator's builder, on the test account). */
export function incomingCall(callSid: string, to: string, from: string, extra: TwilioParams = {}): TwilioParams {
  return { ...twilioWebhook.incomingCall(TEST_ACCOUNT_SID, callSid, to, from), ...extra };
}

/** The same with Twilio's caller ID verification (`StirVerstat`, US calls; issue 19). */
export function verifiedCall(callSid: string, to: string, from: string, stirVerstat: string): TwilioParams {
  return twilioWebhook.incomingCall(TEST_ACCOUNT_SID, callSid, to, from, stirVerstat);
}

/** Twilio's status callback parameters for a call that has ended. */
export function callEnded(
  callSid: string,
  to: string,
  from: string,
  callStatus = 'completed',
  extra: TwilioParams = {},
): TwilioParams {
  return { ...twilioWebhook.callEnded(TEST_ACCOUNT_SID, callSid, to, from, callStatus), ...extra };
}

/** Twilio's messaging webhook parameters for an inbound SMS. */
export function incomingSms(
  messageSid: string,
  to: string,
  from: string,
  body: string,
  extra: TwilioParams = {},
): TwilioParams {
  return { ...twilioWebhook.incomingSms(TEST_ACCOUNT_SID, messageSid, to, from, body), ...extra };
}
