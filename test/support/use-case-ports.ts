import { DEFAULT_SIGNUP_RULES } from '../../shared/domain/signup/signup-rules';
import { DEFAULT_OWNER_TEXTS_RULES } from '../../shared/domain/after-job/owner-texts-run';
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';
import { startFakeTwilioApi, type FakeTwilioApi, type OutboxEntry } from '../../local/fake-twilio-api';
import { LOCAL_TABLES } from '../../local/local-service';
import { applySeed, type Seed } from '../../local/seed';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DEFAULT_CALL_BUDGETS, type ServiceConfig } from '../../shared/config';
import type { Clock } from '../../shared/ports/clock';
import type { WiringOptions } from '../../shared/wiring';
import { createSignupHandler } from '../../functions/signup/create-handler';
import { wireSignup } from '../../functions/signup/wiring';
import { InProcessSignupDesk } from '../../local/in-process-signup-desk';
import { metricsInEmfLine } from '../../local/metric-counters';
import type { MetricName } from '../../shared/metric-names';
import { RecordingLogger, RecordingMetrics } from './recording-ports';
import { TEST_SEED } from './seeds';

export const TEST_ACCOUNT_SID = 'AC22222222222222222222222222222222';
export const TEST_AUTH_TOKEN = 'use-case-auth-token-0123456789abcd';

/**
 * The ports production uses, for calling a use case directly, without HTTP or middy: the real DynamoDB adapters on
 * dynalite (tables created and seeded as the local service does), the real TwilioMessageSender against the fake
 * Twilio REST API, a fixed clock, and our own Logger and Metrics ports recording what they are told.
 * Each function's wiring builds the deps from `config` and `options`, exactly as deployed.
 */
export interface UseCasePorts {
  config: ServiceConfig;
  /** What every wiring takes: this document client, this clock, this logger. */
  options: WiringOptions;
  db: DynamoDBDocumentClient;
  directory: DynamoNumberDirectory;
  twilioApi: FakeTwilioApi;
  logger: RecordingLogger;
  /** Fresh metrics per use-case call, as the chain gives each invocation its own. */
  metrics: RecordingMetrics;
  clock: Clock & { set(now: Date): void };
  outbox(): OutboxEntry[];
  activityItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  activityItems(): Promise<Array<Record<string, unknown>>>;
  /** Starts a new "invocation": fresh metrics and logs. */
  nextInvocation(): void;
  close(): Promise<void>;
}

export async function startUseCasePorts(
  seed: Seed = TEST_SEED,
  textBack: ServiceConfig['textBack'] = { cooldownMinutes: 30, dailySmsCap: 200 },
): Promise<UseCasePorts> {
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo(0);
  const twilioApi = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  await createTables(dynamo.endpoint, LOCAL_TABLES);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  const directory = new DynamoNumberDirectory(db, LOCAL_TABLES.directoryTable);
  await applySeed(seed, directory);

  let now = new Date('2026-11-30T10:00:00.000Z');
  const clock = { now: () => new Date(now), set: (at: Date) => void (now = at) };
  const config: ServiceConfig = {
    directory: { directoryTable: LOCAL_TABLES.directoryTable },
    activity: { activityTable: LOCAL_TABLES.activityTable },
    dynamodb: { endpoint: dynamo.endpoint },
    numbers: { onboardingNumber: seed.onboardingNumber },
    webhook: { publicBaseUrl: 'https://hooks.example.test/prod' },
    metrics: { namespace: 'MissedCallTextBack/test' },
    twilio: {
      credentials: { kind: 'environment', accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN },
      apiBaseUrl: twilioApi.baseUrl,
    },
    textBack,
    signup: DEFAULT_SIGNUP_RULES,
    signupFunction: { functionName: 'in-process' },
    redelivery: { queueUrl: 'in-process', baseDelaySeconds: 30 },
    crmEvents: { queueUrl: 'in-process' },
    ownerTexts: DEFAULT_OWNER_TEXTS_RULES,
    calls: { ringSeconds: 20, recordingsPublic: false, ...DEFAULT_CALL_BUDGETS },
    sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3 },
  };
  const ports: UseCasePorts = {
    config,
    options: { service: 'use-case-test', db, clock },
    db,
    directory,
    twilioApi,
    logger: new RecordingLogger(),
    metrics: new RecordingMetrics(),
    clock,
    outbox: () => twilioApi.outbox(),
    activityItem: async (pk, sk) =>
      (await db.send(new GetCommand({ TableName: LOCAL_TABLES.activityTable, Key: { pk, sk }, ConsistentRead: true })))
        .Item,
    activityItems: async () =>
      (await db.send(new ScanCommand({ TableName: LOCAL_TABLES.activityTable, ConsistentRead: true }))).Items ?? [],
    nextInvocation: () => {
      ports.metrics = new RecordingMetrics();
      ports.logger.entries.length = 0;
    },
    close: async () => {
      db.destroy();
      await Promise.allSettled([twilioApi.close(), dynamo.close()]);
    },
  };
  ports.options.logger = ports.logger;
  // The sign-up function's EMF lines count on this invocation's metrics, as if it ran inside the SMS function.
  ports.options.emfWriter = (line) => {
    for (const [name, value] of Object.entries(metricsInEmfLine(line))) ports.metrics.count(name as MetricName, value);
  };
  // Its handler, in process, behind the same JSON round trip as Lambda's Invoke (as the local service wires it).
  ports.options.signupDesk = new InProcessSignupDesk(createSignupHandler(wireSignup(config, ports.options)));
  return ports;
}
