import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { wireAudit } from '../../functions/audit/wiring';
import { createCrmConsumer } from '../../functions/crm/create-handler';
import { wireCrm } from '../../functions/crm/wiring';
import { DynamoClientAdmin } from '../../shared/adapters/dynamodb/dynamo-client-admin';
import { NodeCrmEndpoint } from '../../shared/adapters/http/node-crm-endpoint';
import { createAuditHandler, type AuditResult } from '../../functions/audit/create-handler';
import { createSignupHandler } from '../../functions/signup/create-handler';
import { wireSignup } from '../../functions/signup/wiring';
import { createSmsHandler, SMS_ROUTE } from '../../functions/sms/create-handler';
import { wireSms } from '../../functions/sms/wiring';
import { createStatusHandler, STATUS_ROUTE } from '../../functions/status/create-handler';
import { wireStatus } from '../../functions/status/wiring';
import { createOwnerTextsHandler } from '../../functions/owner-texts/create-handler';
import { wireOwnerTexts } from '../../functions/owner-texts/wiring';
import type { OwnerTextsRunResult } from '../../shared/domain/after-job/send-owner-texts';
import { createVoiceHandler, VOICE_ROUTE } from '../../functions/voice/create-handler';
import { wireVoice } from '../../functions/voice/wiring';
import { createWaitingListHandler } from '../../functions/waitlist/create-handler';
import { wireWaitingList } from '../../functions/waitlist/wiring';
import { InProcessSignupDesk } from '../../local/in-process-signup-desk';
import { LOCAL_TABLES } from '../../local/local-service';
import type { Seed } from '../../local/seed';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import type { ServiceConfig } from '../../shared/config';
import type { WiringOptions } from '../../shared/wiring';
import type { WebhookHandler } from '../../shared/http/webhook-types';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { signedEvent, type RequestOptions, type TwilioParams } from '../support/twilio-request';
import {
  callEnded,
  incomingCall,
  incomingSms,
  startHarness,
  TEST_AUTH_TOKEN,
  TEST_PUBLIC_BASE_URL,
  type Harness,
  type HarnessOptions,
} from '../support/webhook-harness';
import { resolveIntrinsics, synthesized, type TemplateResource } from './synthesize';
import { sid } from '../support/sid';

/**
 * The contract between the stack and the code it deploys, checked by running the real handlers
 * (embedded DynamoDB, fake Twilio API) wired as in production, one set of dependencies per function:
 * the metrics they emit are the ones the alarms watch, and every DynamoDB call they make is allowed by their role.
 */

type Webhook = 'voice' | 'status' | 'sms';
type ScheduledJob = 'waitlist' | 'audit' | 'ownerTexts';
/** The sign-up function: invoked by the SMS function with each text to the onboarding number. */
type FunctionName = Webhook | ScheduledJob | 'crm' | 'signup';
type Invoke = (params: TwilioParams, options?: RequestOptions) => ReturnType<WebhookHandler>;

interface EmittedMetric {
  namespace: string;
  name: string;
  /** Each dimension set of the EMF directive, as sorted dimension names ([] = no dimensions). */
  dimensionSets: string[][];
}

/** What CloudWatch extracts from one EMF line: namespace, metric names and dimension sets. */
function metricsInEmf(line: string): EmittedMetric[] {
  const document = JSON.parse(line) as {
    _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  };
  return document._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map(({ Name }) => ({
      namespace: directive.Namespace,
      name: Name,
      dimensionSets: directive.Dimensions.map((set) => [...set].sort()),
    })),
  );
}

interface DynamoCall {
  command: string;
  input: Record<string, any>;
}

/** The IAM action and table (or index) each DynamoDB call needs, as "dynamodb:Action on <table>[/index/<name>]". */
function requiredPermissions(call: DynamoCall): string[] {
  const name = call.command.replace(/Command$/, '');
  const single: Record<string, string> = {
    Get: 'GetItem',
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    Query: 'Query',
    Scan: 'Scan',
  };
  const itemAction = single[name] ?? name;
  const input = call.input;
  const on = (action: string, table: string, index?: string) =>
    `dynamodb:${action} on ${table}${index ? `/index/${index}` : ''}`;
  if (name === 'BatchGet' || name === 'BatchGetItem')
    return Object.keys(input.RequestItems).map((table) => on('BatchGetItem', table));
  if (name === 'BatchWrite' || name === 'BatchWriteItem')
    return Object.keys(input.RequestItems).map((table) => on('BatchWriteItem', table));
  if (name === 'TransactWrite' || name === 'TransactWriteItems') {
    const kinds: Record<string, string> = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    };
    return (input.TransactItems as Array<Record<string, { TableName: string }>>).flatMap((item) =>
      Object.entries(item).map(([kind, operation]) => on(kinds[kind] ?? kind, operation.TableName)),
    );
  }
  if (name === 'TransactGet' || name === 'TransactGetItems') {
    return (input.TransactItems as Array<{ Get: { TableName: string } }>).map(({ Get }) =>
      on('GetItem', Get.TableName),
    );
  }
  return [on(itemAction, input.TableName, input.IndexName)];
}

/** An IAM action or resource pattern (`*` and `?` wildcards) as a regular expression. */
function iamPattern(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** The six functions on one embedded DynamoDB, each with its own recorded DynamoDB client. */
interface Deployment {
  handlers: Record<Webhook, Invoke>;
  /** Fails the next DynamoDB call of `name` that `matches` (once), at the SDK, as a network failure would. */
  failOnce(name: FunctionName, matches: (command: string, input: Record<string, any>) => boolean): void;
  /** The scheduled jobs, invoked as EventBridge would (they ignore the event). */
  jobs: {
    waitlist: () => Promise<{ assigned: number; stillWaiting: number }>;
    audit: () => Promise<AuditResult>;
    ownerTexts: () => Promise<OwnerTextsRunResult>;
  };
  /** Issue 19: fixes the clock of the SMS function and the owner-texts job (real time until set). */
  setNow(at: Date): void;
  /** Issue 19 §5: the crm function, on the events the webhooks put on the (in-process) CRM queue. */
  deliverCrmEvents: () => Promise<number>;
  emfLines: string[];
  dynamoCalls: Record<FunctionName, DynamoCall[]>;
  harness: Harness;
  close(): Promise<void>;
}

/** The test seed without its deliberate breaches (the operational number without a client, the number owned but unlisted). */
const CLEAN_SEED: Seed = {
  ...TEST_SEED,
  numbers: TEST_SEED.numbers.filter((number) => number.phone !== NUMBERS.orphanOperational),
  clients: TEST_SEED.clients.filter((client) => client.twilioNumber !== NUMBERS.clientOwnedOnly),
};

async function deploy(
  metricsNamespace: string,
  seed: Seed = TEST_SEED,
  options: HarnessOptions = {},
): Promise<Deployment> {
  const harness: Harness = await startHarness(seed, options);
  const emfLines: string[] = [];
  const dynamoCalls: Record<FunctionName, DynamoCall[]> = {
    voice: [],
    status: [],
    sms: [],
    waitlist: [],
    audit: [],
    crm: [],
    signup: [],
    ownerTexts: [],
  };
  // Issue 19: the SMS function and the owner-texts job on one clock the owner-texts scenario sets (real time otherwise).
  let fixedNow: Date | undefined;
  const clock = { now: () => (fixedNow ? new Date(fixedNow) : new Date()) };
  const faults: Array<{ name: FunctionName; matches: (command: string, input: Record<string, any>) => boolean }> = [];
  const clients: DynamoDBDocumentClient[] = [];
  // Each function gets its own DynamoDB client, so every call is attributed to the function that made it.
  const recordedClient = (name: FunctionName): DynamoDBDocumentClient => {
    const db = createDocumentClient({ endpoint: harness.dynamo.endpoint });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        const input = args.input as Record<string, any>;
        dynamoCalls[name].push({ command, input });
        const fault = faults.findIndex((candidate) => candidate.name === name && candidate.matches(command, input));
        if (fault >= 0) {
          faults.splice(fault, 1);
          throw Object.assign(new Error('connect ECONNRESET'), { name: 'TimeoutError' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordDynamoCalls' },
    );
    clients.push(db);
    return db;
  };
  // Wired as in production, each function from its own wiring, with the namespace the stack gives the functions.
  const config: ServiceConfig = { ...harness.config, metrics: { namespace: metricsNamespace } };
  const wiringOptions = (name: FunctionName): WiringOptions => ({
    service: name,
    db: recordedClient(name),
    emfWriter: (line) => emfLines.push(line),
    logger: new JsonLogger(name, () => undefined),
    crmQueue: harness.functions.crm.queue,
  });
  const invoker = (handler: WebhookHandler, path: string): Invoke => {
    return (params, requestOptions) =>
      handler(signedEvent(TEST_PUBLIC_BASE_URL, path, TEST_AUTH_TOKEN, params, requestOptions), {
        awsRequestId: 'contract',
      } as Context);
  };
  return {
    handlers: {
      voice: invoker(createVoiceHandler(wireVoice(config, wiringOptions('voice'))), VOICE_ROUTE),
      status: invoker(createStatusHandler(wireStatus(config, wiringOptions('status'))), STATUS_ROUTE),
      sms: invoker(
        createSmsHandler(
          wireSms(config, {
            ...wiringOptions('sms'),
            clock,
            // Sign-up runs in its own function: its DynamoDB calls are its own (and its role's).
            signupDesk: new InProcessSignupDesk(createSignupHandler(wireSignup(config, wiringOptions('signup')))),
          }),
        ),
        SMS_ROUTE,
      ),
    },
    jobs: {
      waitlist: createWaitingListHandler(wireWaitingList(config, wiringOptions('waitlist'))),
      audit: createAuditHandler(wireAudit(config, wiringOptions('audit'))),
      ownerTexts: (() => {
        const run = createOwnerTextsHandler(wireOwnerTexts(config, { ...wiringOptions('ownerTexts'), clock }));
        return () => run(undefined, { awsRequestId: 'contract' } as Context);
      })(),
    },
    setNow: (at) => {
      fixedNow = at;
    },
    deliverCrmEvents: () =>
      harness.functions.crm.queue.drain(
        createCrmConsumer(
          wireCrm(config, {
            ...wiringOptions('crm'),
            crmEndpoint: new NodeCrmEndpoint(200),
          }),
        ),
      ),
    failOnce: (name, matches) => faults.push({ name, matches }),
    emfLines,
    dynamoCalls,
    harness,
    close: async () => {
      for (const db of clients) db.destroy();
      await harness.close();
    },
  };
}

/** Owners who confirm a sign-up by text while the pool has no number for them, so they wait. */
async function waitForNumbers(handlers: Record<Webhook, Invoke>, owners: string[]): Promise<void> {
  for (const owner of owners) {
    for (const [index, body] of ['Hi', `Business ${owner.slice(-4)}`, 'YES', 'YES'].entries()) {
      await handlers.sms(incomingSms(sid('SM', `w${owner.slice(1)}${index}`), NUMBERS.onboarding, owner, body));
    }
  }
}

/** Numbers bought and added to the pool as SYSTEM/AVAILABLE, as on-call does when the pool runs out. */
async function addToPool(harness: Harness, phones: string[]): Promise<void> {
  const directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
  for (const phone of phones)
    await directory.putNumber({ phone: phone as E164, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
}

describe('the deployed code and its stack', () => {
  const s = synthesized('prod');
  const alarms = Object.values(s.resources('AWS::CloudWatch::Alarm'));
  const namespace: string =
    s.resources('AWS::Lambda::Function')[s.logicalId(s.stack.functions.voice)]!.Properties.Environment.Variables
      .METRICS_NAMESPACE;
  const tables = s.stack.node.findChild('Tables');

  let deployment: Deployment;
  let handlers: Record<Webhook, Invoke>;
  // Each test starts from the seed, so no scenario depends on another (the pool, above all).
  beforeEach(async () => {
    deployment = await deploy(namespace);
    handlers = deployment.handlers;
  });
  afterEach(async () => deployment.close());
  /** For a scenario that needs another seed or setting than the default. */
  async function redeploy(seed: Seed, options: HarnessOptions = {}): Promise<void> {
    await deployment.close();
    deployment = await deploy(namespace, seed, options);
    handlers = deployment.handlers;
  }

  describe('what a real handler emits is exactly what the synthesized alarms watch', () => {
    const alarmsOn = (metricName: string): Array<TemplateResource['Properties']> =>
      alarms.map((alarm) => alarm.Properties).filter((alarm) => alarm.MetricName === metricName);

    /** The values of one metric in the EMF lines, in order. */
    function emittedValues(metricName: string): unknown[] {
      return deployment.emfLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((document) => metricName in document)
        .map((document) => document[metricName]);
    }

    function expectAlarmedAsEmitted(metricName: string): void {
      const emitted = deployment.emfLines.flatMap(metricsInEmf).filter((metric) => metric.name === metricName);
      expect(emitted).not.toHaveLength(0);
      const watching = alarmsOn(metricName);
      expect(watching).not.toHaveLength(0);
      for (const metric of emitted) {
        for (const alarm of watching) {
          expect(alarm.Namespace).toBe(metric.namespace);
          const alarmDimensions = ((alarm.Dimensions ?? []) as Array<{ Name: string }>).map(({ Name }) => Name).sort();
          expect(metric.dimensionSets).toContainEqual(alarmDimensions);
        }
      }
    }

    it('a voice call to the onboarding number emits the invariant metric its alarm watches, in the same namespace, with no dimensions', async () => {
      await handlers.voice(incomingCall(sid('CA', '900'), NUMBERS.onboarding, NUMBERS.customer));
      expectAlarmedAsEmitted(MetricName.VOICE_ONBOARDING_VIOLATION);
    });

    it('a status callback for the onboarding number emits the metric its invariant alarm watches', async () => {
      await handlers.status(callEnded(sid('CA', '901'), NUMBERS.onboarding, NUMBERS.customer, 'no-answer'));
      expectAlarmedAsEmitted(MetricName.STATUS_ONBOARDING_VIOLATION);
    });

    it('a missed call on an operational number without a client emits the metric its invariant alarm watches', async () => {
      await handlers.status(callEnded(sid('CA', '902'), NUMBERS.orphanOperational, NUMBERS.customer, 'no-answer'));
      expectAlarmedAsEmitted(MetricName.STATUS_OPERATIONAL_NO_CLIENT);
    });

    it('a text to an operational number without a client emits the metric its invariant alarm watches', async () => {
      await handlers.sms(incomingSms(sid('SM', '903'), NUMBERS.orphanOperational, NUMBERS.customer, 'Hello'));
      expectAlarmedAsEmitted(MetricName.SMS_OPERATIONAL_NO_CLIENT);
    });

    it('a forged request emits the metric the signature-rejection spike alarm watches', async () => {
      await handlers.voice(incomingCall(sid('CA', '904'), NUMBERS.aceBusiness, NUMBERS.customer), {
        authToken: 'not-the-token',
      });
      expectAlarmedAsEmitted(MetricName.SIGNATURE_REJECTED);
    });

    it('a sign-up when the pool is empty emits the metric the pool alarm watches', async () => {
      for (const owner of ['+447922000001', '+447922000002']) {
        // Two names: one business name each (a second "Pool Test" would be too close to the first's).
        for (const [index, body] of ['Hi', `Pool Test ${owner.slice(-1)}`, 'YES', 'YES'].entries()) {
          await handlers.sms(incomingSms(sid('SM', `pool${owner.slice(1)}${index}`), NUMBERS.onboarding, owner, body));
        }
      }
      expectAlarmedAsEmitted(MetricName.ONBOARDING_POOL_EXHAUSTED);
    });

    it('a business that reaches its daily SMS cap emits the metric its alarm watches', async () => {
      await redeploy(TEST_SEED, { dailySmsCap: 1 });
      await handlers.status(callEnded(sid('CA', '906'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));
      await handlers.status(callEnded(sid('CA', '907'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'no-answer'));
      expectAlarmedAsEmitted(MetricName.SMS_DAILY_CAP_REACHED);
    });

    it('a clean daily audit emits audit.breaches = 0, watched by the breach alarm and by the did-not-run alarm', async () => {
      await redeploy(CLEAN_SEED);
      expect(await deployment.jobs.audit()).toMatchObject({ breaches: 0 });
      expect(emittedValues(MetricName.AUDIT_BREACHES)).toEqual([0]);
      expectAlarmedAsEmitted(MetricName.AUDIT_BREACHES);
      expect(
        alarmsOn(MetricName.AUDIT_BREACHES)
          .map((alarm) => alarm.AlarmName)
          .sort(),
      ).toEqual(['MissedCallTextBack-prod-AuditBreaches', 'MissedCallTextBack-prod-AuditDidNotRun']);
    });

    it('an audit of a directory with breaches emits how many it found, in the metric its alarm watches', async () => {
      const { breaches } = await deployment.jobs.audit();
      expect(breaches).toBeGreaterThan(0);
      expect(emittedValues(MetricName.AUDIT_BREACHES)).toEqual([breaches]);
      expectAlarmedAsEmitted(MetricName.AUDIT_BREACHES);
    });

    it('a waiting-list text that Twilio refuses emits the metric the send-failure alarm watches', async () => {
      await waitForNumbers(handlers, ['+447922000011', '+447922000012']);
      await addToPool(deployment.harness, ['+447476955131']);
      deployment.emfLines.length = 0;
      deployment.harness.twilioApi.injectFaults({
        kind: 'error',
        status: 400,
        code: 30003,
        message: 'Unreachable destination handset',
      });

      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 1, stillWaiting: 0 });
      expectAlarmedAsEmitted(MetricName.SMS_SEND_FAILED);
    });

    it('a waiting-list number text Twilio kept failing to take for a day emits the metric its alarm watches', async () => {
      const owner = '+447922000015';
      await waitForNumbers(handlers, ['+447922000014', owner]);
      await addToPool(deployment.harness, ['+447476955137']);
      deployment.harness.twilioApi.injectFaults({
        kind: 'error',
        status: 500,
        code: 20500,
        message: 'Internal Server Error',
      });
      await deployment.jobs.waitlist();
      // Its first attempt, a day and a minute ago.
      await deployment.harness.db.send(
        new UpdateCommand({
          TableName: LOCAL_TABLES.activityTable,
          Key: { pk: `SIGNUP#${owner}`, sk: 'SIGNUP' },
          UpdateExpression: 'SET numberText.delivery.since = :since',
          ExpressionAttributeValues: { ':since': new Date(Date.now() - 24 * 60 * 60 * 1000 - 60_000).toISOString() },
        }),
      );
      deployment.emfLines.length = 0;

      await deployment.jobs.waitlist();

      expectAlarmedAsEmitted(MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP);
    });

    it('every metric the scheduled jobs emit is in the namespace with no dimensions, and graphed on the dashboard', async () => {
      await waitForNumbers(handlers, ['+447922000021', '+447922000022', '+447922000023']);
      await addToPool(deployment.harness, ['+447476955132']);
      deployment.emfLines.length = 0;
      await deployment.jobs.waitlist();
      await deployment.jobs.audit();

      const emitted = deployment.emfLines.flatMap(metricsInEmf);
      expect(emitted.map(({ name }) => name)).toEqual(
        expect.arrayContaining([MetricName.ONBOARDING_NUMBER_ASSIGNED, MetricName.AUDIT_BREACHES]),
      );
      const [dashboard] = Object.values(s.resources('AWS::CloudWatch::Dashboard'));
      const body = resolveIntrinsics(dashboard!.Properties.DashboardBody);
      for (const metric of emitted) {
        expect(metric).toMatchObject({ namespace, dimensionSets: [[]] });
        expect(body).toContain(`"${namespace}","${metric.name}"`);
      }
    });

    it('a call to a system number is counted, and no alarm watches it', async () => {
      await handlers.voice(incomingCall(sid('CA', '905'), NUMBERS.system, NUMBERS.customer));
      expect(deployment.emfLines.flatMap(metricsInEmf).map(({ name }) => name)).toContain(
        MetricName.VOICE_SYSTEM_NUMBER,
      );
      expect(alarmsOn(MetricName.VOICE_SYSTEM_NUMBER)).toEqual([]);
    });
  });

  describe("every DynamoDB call a handler makes is allowed by its function's role", () => {
    const tableArn: Record<string, string> = {};

    /** "dynamodb:Action on <resource>" patterns the function's role allows. */
    function allowed(name: FunctionName): Array<{ action: RegExp; resource: RegExp; text: string }> {
      const fn =
        name === 'crm'
          ? s.stack.crmFunction
          : name === 'signup'
            ? s.stack.signupFunction
            : name === 'waitlist' || name === 'audit' || name === 'ownerTexts'
              ? s.stack.scheduledFunctions[name]
              : s.stack.functions[name];
      const roleId = s.logicalId(fn.role!);
      return Object.values(s.resources('AWS::IAM::Policy'))
        .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
        .flatMap(
          (policy) =>
            policy.Properties.PolicyDocument.Statement as Array<{
              Effect: string;
              Action: string | string[];
              Resource: unknown;
            }>,
        )
        .filter((statement) => statement.Effect === 'Allow')
        .flatMap((statement) =>
          [statement.Action].flat().flatMap((action) =>
            [statement.Resource].flat().map((resource) => ({
              action: iamPattern(action),
              resource: iamPattern(resolveIntrinsics(resource)),
              text: `${action} on ${resolveIntrinsics(resource)}`,
            })),
          ),
        );
    }

    /** "dynamodb:Action on <table>" for every DynamoDB call the function made. */
    function neededPermissions(name: FunctionName): Set<string> {
      tableArn[LOCAL_TABLES.directoryTable] = `<${s.logicalId(tables.node.findChild('Directory'))}.Arn>`;
      tableArn[LOCAL_TABLES.activityTable] = `<${s.logicalId(tables.node.findChild('Activity'))}.Arn>`;
      const needed = new Set(
        deployment.dynamoCalls[name]
          .flatMap(requiredPermissions)
          .map((permission) =>
            permission.replace(/ on ([^/]+)/, (_match, table: string) => ` on ${tableArn[table] ?? table}`),
          ),
      );
      expect(needed.size).toBeGreaterThan(0);
      return needed;
    }

    function missingPermissions(name: FunctionName): string[] {
      const grants = allowed(name);
      return [...neededPermissions(name)].filter((permission) => {
        const [action, resource] = permission.split(' on ') as [string, string];
        return !grants.some((grant) => grant.action.test(action) && grant.resource.test(resource));
      });
    }

    /** DynamoDB grants of the function that none of its calls needed (only meaningful when a scenario covers every path). */
    function unusedDynamoGrants(name: FunctionName): string[] {
      const needed = [...neededPermissions(name)];
      return allowed(name)
        .filter((grant) => grant.text.startsWith('dynamodb:'))
        .filter(
          (grant) =>
            !needed.some((permission) => {
              const [action, resource] = permission.split(' on ') as [string, string];
              return grant.action.test(action) && grant.resource.test(resource);
            }),
        )
        .map((grant) => grant.text);
    }

    it('voice: calls to business, onboarding, system and unknown numbers', async () => {
      for (const to of [
        NUMBERS.aceBusiness,
        NUMBERS.onboarding,
        NUMBERS.system,
        NUMBERS.unknown,
        NUMBERS.clientOwnedOnly,
        NUMBERS.orphanOperational,
      ]) {
        await handlers.voice(incomingCall(sid('CA', `v${to.slice(1)}`), to, NUMBERS.customer));
      }
      expect(missingPermissions('voice')).toEqual([]);
    });

    it('crm: job events of a business with a webhook, and of one whose webhook was turned off', async () => {
      const clients = new DynamoClientAdmin(deployment.harness.db, LOCAL_TABLES.directoryTable);
      const ace = {
        id: 'c1',
        businessName: 'Ace Plumbing',
        ownerPhone: NUMBERS.aceOwner as E164,
        twilioNumber: NUMBERS.aceBusiness as E164,
      };
      await clients.setCrmWebhook(ace, { url: 'https://crm.invalid/hook', secret: 'whsec_x' }, new Date());
      await handlers.sms(incomingSms(sid('SM', 'crm1'), NUMBERS.aceBusiness, NUMBERS.customer, 'Boiler is leaking'));
      await handlers.status(callEnded(sid('CA', 'crm2'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'no-answer'));
      expect(await deployment.deliverCrmEvents()).toBe(2);
      await clients.setCrmWebhook(ace, undefined, new Date());
      await handlers.sms(incomingSms(sid('SM', 'crm3'), NUMBERS.aceBusiness, NUMBERS.customer, 'Again'));

      expect(missingPermissions('crm')).toEqual([]);
      expect(unusedDynamoGrants('crm')).toEqual([]);
    });

    it('status: missed calls, repeats, invariant breaches and numbers that never send', async () => {
      await handlers.status(callEnded(sid('CA', 's1'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));
      await handlers.status(callEnded(sid('CA', 's1'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));
      await handlers.status(callEnded(sid('CA', 's2'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'busy'));
      await handlers.status(callEnded(sid('CA', 's3'), NUMBERS.clientOwnedOnly, NUMBERS.customer));
      for (const to of [NUMBERS.onboarding, NUMBERS.system, NUMBERS.unknown, NUMBERS.orphanOperational]) {
        await handlers.status(callEnded(sid('CA', `s${to.slice(1)}`), to, NUMBERS.customer));
      }
      expect(missingPermissions('status')).toEqual([]);
    });

    it('sms: customer texts, owner replies, keywords, sign-up to the last pool number and past it', async () => {
      let serial = 0;
      const text = (to: string, from: string, body: string) =>
        handlers.sms(incomingSms(sid('SM', `c${(serial += 1)}`), to, from, body));
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap, can you come Friday?');
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Also the boiler');
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, '#1 Can do Friday 9am');
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'DONE #1');
      for (const keyword of ['HELP', 'STOP', 'START']) await text(NUMBERS.aceBusiness, NUMBERS.otherCustomer, keyword);
      for (const owner of ['+447922334455', '+447831123456']) {
        for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(NUMBERS.onboarding, owner, body);
      }
      for (const to of [NUMBERS.system, NUMBERS.unknown, NUMBERS.orphanOperational])
        await text(to, NUMBERS.customer, 'Hello');
      expect(missingPermissions('sms')).toEqual([]);
      expect(missingPermissions('signup')).toEqual([]);
    });

    it('waitlist: owners waiting on an empty pool, a stale entry, numbers coming back, a send refused, a carrier opt-out and a number text finished on the next run', async () => {
      const owners = ['+447922000031', '+447922000032', '+447922000033', '+447922000034'];
      await waitForNumbers(handlers, owners);
      // On the list, but the conversation has moved on: the job only takes the entry off.
      await deployment.harness.db.send(
        new PutCommand({
          TableName: LOCAL_TABLES.activityTable,
          Item: { pk: 'WAITLIST', sk: '+447922000039', phone: '+447922000039', since: '2000-01-01T00:00:00.000Z' },
        }),
      );

      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 0, stillWaiting: 1 });
      // A number the index still lists for a moment after another client reserved it: reserve() loses and reads it back.
      await staleFreeNumber('+447476955100');
      await addToPool(deployment.harness, ['+447476955133', '+447476955134']);
      deployment.harness.twilioApi.injectFaults(
        { kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
        { kind: 'error', status: 400, code: 30003, message: 'Unreachable destination handset' },
      );
      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 2, stillWaiting: 1 });
      await addToPool(deployment.harness, ['+447476955135']);
      // Twilio fails the number text: recorded on the sign-up, the owner kept on the list, and the next run sends it.
      deployment.harness.twilioApi.injectFaults({
        kind: 'error',
        status: 500,
        code: 20500,
        message: 'Internal Server Error',
      });
      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 1, stillWaiting: 0 });
      // Issue 17: released numbers resting before reuse, one whose rest is over and one still resting.
      await restingNumber('+447476955136', '2000-01-01T00:00:00.000Z');
      await restingNumber('+447476955137', new Date().toISOString());
      const sent = deployment.harness.outbox().length;
      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 0, stillWaiting: 0 });
      expect(
        deployment.harness
          .outbox()
          .slice(sent)
          .map((sms) => sms.body),
      ).toEqual([expect.stringContaining('Your missed-call number is +447476955135')]);

      expect(missingPermissions('waitlist')).toEqual([]);
      expect(unusedDynamoGrants('waitlist')).toEqual([]);
    });

    /** A pool number the availablePool index still lists though it was just reserved: what a GSI shows for a moment. */
    async function restingNumber(phone: string, restingSince: string): Promise<void> {
      await deployment.harness.db.send(
        new PutCommand({
          TableName: LOCAL_TABLES.directoryTable,
          Item: {
            pk: phone,
            sk: 'NUMBER',
            phone,
            role: 'SYSTEM',
            status: 'RESTING',
            restingSince,
            poolSlot: 'RESTING',
          },
        }),
      );
    }
    async function staleFreeNumber(phone: string): Promise<void> {
      await deployment.harness.db.send(
        new PutCommand({
          TableName: LOCAL_TABLES.directoryTable,
          Item: {
            pk: phone,
            sk: 'NUMBER',
            phone,
            role: 'SYSTEM',
            status: 'RESERVED',
            clientId: 'someone-else',
            poolSlot: 'AVAILABLE',
          },
        }),
      );
    }
    const items = (key: string) => (_command: string, input: Record<string, any>) =>
      JSON.stringify(input.Key ?? input.Item ?? input.TransactItems ?? {}).includes(key);

    it('status race and retry paths: concurrent repeats, a cooldown lost, the cap reached, a record that failed and its redelivery', async () => {
      await redeploy(TEST_SEED, { dailySmsCap: 3 });
      await Promise.all(
        [1, 2, 3].map(() =>
          handlers.status(callEnded(sid('CA', 'r1'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer')),
        ),
      );
      await Promise.all([
        handlers.status(callEnded(sid('CA', 'r2'), NUMBERS.aceBusiness, NUMBERS.customer)),
        handlers.status(callEnded(sid('CA', 'r3'), NUMBERS.aceBusiness, NUMBERS.customer)),
      ]);
      await handlers.status(callEnded(sid('CA', 'r4'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));
      deployment.failOnce(
        'status',
        (command, input) =>
          /^Put(Item)?Command$/.test(command) &&
          items(`CALL#${sid('CA', 'r5')}`)(command, input) &&
          !input.ConditionExpression,
      );
      await handlers.status(callEnded(sid('CA', 'r5'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'busy'));
      await handlers.status(callEnded(sid('CA', 'r5'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'busy'));
      deployment.failOnce('status', (command) => command.startsWith('TransactWrite'));
      expect(
        (await handlers.status(callEnded(sid('CA', 'r6'), NUMBERS.aceBusiness, NUMBERS.otherCustomer))).statusCode,
      ).toBe(503);
      await handlers.status(callEnded(sid('CA', 'r6'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));

      expect(deployment.dynamoCalls.status.map((call) => call.command)).toEqual(
        expect.arrayContaining(['TransactWriteItemsCommand', 'PutItemCommand']),
      );
      expect(missingPermissions('status')).toEqual([]);
    });

    it('budgets spent inside the claim: a call and a text refused by a budget and claimed again without it', async () => {
      await redeploy(TEST_SEED, { automatedTextsPerCounterpart: 1, dailyOwnerSmsCap: 1, textBackCooldownMinutes: 1 });
      await handlers.status(callEnded(sid('CA', 'b1'), NUMBERS.aceBusiness, NUMBERS.customer));
      await handlers.status(callEnded(sid('CA', 'b2'), NUMBERS.aceBusiness, NUMBERS.customer));
      await handlers.sms(incomingSms(sid('SM', 'b3'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking'));

      // Each refused claim is a cancelled transaction followed by the claim without the spent budget.
      expect(deployment.dynamoCalls.status.filter((call) => call.command === 'TransactWriteItemsCommand')).toHaveLength(
        3,
      );
      expect(deployment.dynamoCalls.sms.filter((call) => call.command === 'TransactWriteItemsCommand')).toHaveLength(2);
      expect(missingPermissions('status')).toEqual([]);
      expect(missingPermissions('sms')).toEqual([]);
    });

    it('sms race and retry paths: two sign-ups racing for the last pool number, a stale index entry, concurrent repeats, failed stores retried', async () => {
      let serial = 0;
      const text = (to: string, from: string, body: string, messageSid = sid('SM', `r${(serial += 1)}`)) =>
        handlers.sms(incomingSms(messageSid, to, from, body));
      await staleFreeNumber('+447476955100');
      const owners = ['+447922000041', '+447922000042'];
      for (const owner of owners)
        for (const body of ['Hi', 'Racing Builds', 'YES']) await text(NUMBERS.onboarding, owner, body);
      await Promise.all(owners.map((owner) => text(NUMBERS.onboarding, owner, 'YES')));
      await Promise.all([1, 2, 3].map(() => text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap', sid('SM', 'repeat'))));
      deployment.failOnce('sms', (command) => command.startsWith('TransactWrite'));
      expect((await text(NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Boiler', sid('SM', 'retry'))).statusCode).toBe(
        503,
      );
      await text(NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Boiler', sid('SM', 'retry'));
      await Promise.all([1, 2].map(() => text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way', sid('SM', 'reply'))));
      await Promise.all([1, 2].map(() => text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS', sid('SM', 'jobs'))));

      const reserves = deployment.dynamoCalls.signup.filter((call) =>
        String(call.input.UpdateExpression).includes(':reserved'),
      );
      expect(reserves.length).toBeGreaterThanOrEqual(2);
      expect(
        deployment.dynamoCalls.signup.some(
          (call) => call.command.startsWith('Get') && call.input.TableName === LOCAL_TABLES.directoryTable,
        ),
      ).toBe(true);
      expect(missingPermissions('sms')).toEqual([]);
      expect(missingPermissions('signup')).toEqual([]);
    });

    it('waitlist race paths: a reserve that loses to another client reads the number back, with the grants it has', async () => {
      // The first owner takes the seed's pool number; the second waits.
      await waitForNumbers(handlers, ['+447922000051', '+447922000052']);
      await staleFreeNumber('+447476955100');
      await addToPool(deployment.harness, ['+447476955136']);

      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 1, stillWaiting: 0 });
      expect(
        deployment.dynamoCalls.waitlist.some(
          (call) => call.command.startsWith('Get') && call.input.TableName === LOCAL_TABLES.directoryTable,
        ),
      ).toBe(true);
      expect(missingPermissions('waitlist')).toEqual([]);
    });

    /** A number back from the pool, as `numbers release` leaves it: its POOL item and an opt-out that expires. */
    async function releasedNumber(phone: string): Promise<void> {
      await addToPool(deployment.harness, [phone]);
      for (const Item of [
        { pk: `BIZ#${phone}`, sk: 'POOL', optOutsExpireAt: 1_900_000_000 },
        { pk: `BIZ#${phone}`, sk: `CONTACT#${NUMBERS.customer}`, optedOut: true, expiresAt: 1_900_000_000 },
      ])
        await deployment.harness.db.send(new PutCommand({ TableName: LOCAL_TABLES.activityTable, Item }));
    }
    const poolItemDeleted = (name: FunctionName) =>
      deployment.dynamoCalls[name].some(
        (call) => call.command === 'DeleteItemCommand' && JSON.stringify(call.input.Key).includes('POOL'),
      );

    it('opt-out retention: released numbers assigned by sign-up and by the waiting list, a carrier opt-out on a text-back', async () => {
      await releasedNumber('+447476955100');
      // The first owner gets the released number (it sorts first), the second the seed's pool number, the third waits.
      await waitForNumbers(handlers, ['+447922000071', '+447922000072', '+447922000073']);
      await releasedNumber('+447476955137');
      expect(await deployment.jobs.waitlist()).toEqual({ assigned: 1, stillWaiting: 0 });
      deployment.harness.twilioApi.injectFaults({
        kind: 'error',
        status: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      });
      await handlers.status(callEnded(sid('CA', 'o1'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'no-answer'));

      expect(poolItemDeleted('signup')).toBe(true);
      expect(poolItemDeleted('waitlist')).toBe(true);
      expect(
        deployment.dynamoCalls.status.some((call) =>
          (call.input.TransactItems ?? []).some((item: Record<string, any>) =>
            JSON.stringify(item.ConditionCheck?.Key ?? {}).includes('POOL'),
          ),
        ),
      ).toBe(true);
      for (const name of ['signup', 'waitlist', 'status'] as const) expect(missingPermissions(name)).toEqual([]);
    });

    it('no webhook and no scheduled job issues a Scan, on any path above', async () => {
      await handlers.status(callEnded(sid('CA', 'n1'), NUMBERS.aceBusiness, NUMBERS.customer));
      await handlers.sms(incomingSms(sid('SM', 'n1'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
      await handlers.voice(incomingCall(sid('CA', 'n2'), NUMBERS.aceBusiness, NUMBERS.customer));
      await waitForNumbers(handlers, ['+447922000061', '+447922000062']);
      await deployment.jobs.waitlist();
      await deployment.jobs.audit();
      await deployment.jobs.ownerTexts();
      const all = Object.values(deployment.dynamoCalls).flat();
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((call) => call.command === 'ScanCommand')).toEqual([]);
    });

    afterEach(() => {
      // Every scenario of this block: a Scan on a webhook or scheduled path fails it.
      const scans = (Object.entries(deployment.dynamoCalls) as Array<[FunctionName, DynamoCall[]]>).flatMap(
        ([name, calls]) => calls.filter((call) => call.command === 'ScanCommand').map(() => name),
      );
      expect(scans).toEqual([]);
    });

    it('owner texts: a Monday digest refused at the carrier (21610) and a review request, and nothing more than that', async () => {
      const owner = (body: string, key: string) =>
        handlers.sms(incomingSms(sid('SM', key), NUMBERS.aceBusiness, NUMBERS.aceOwner, body));
      // A Monday 08:00 in London: the digest is due, and the review request within its hours.
      deployment.setNow(new Date('2030-01-07T08:00:00Z'));
      await owner('REVIEWS https://g.page/r/CcontractTest/review', 'r1');
      await owner('DIGEST ON', 'r2');
      await handlers.sms(incomingSms(sid('SM', 'r3'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap dripping'));
      await owner('DONE #1', 'r4');
      deployment.harness.twilioApi.injectFaults({
        kind: 'error',
        status: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      });
      // The digest goes first (the queue's order) and is refused at the carrier: the owner's phone marked opted out.
      const result = await deployment.jobs.ownerTexts();

      expect(result).toMatchObject({ sent: 1, 'gave-up': 1 });
      expect(missingPermissions('ownerTexts')).toEqual([]);
      expect(unusedDynamoGrants('ownerTexts')).toEqual([]);
    });

    it('audit: the whole directory, breaches included, and nothing more than that', async () => {
      await deployment.jobs.audit();
      expect(missingPermissions('audit')).toEqual([]);
      expect(unusedDynamoGrants('audit')).toEqual([]);
    });
  });
});
