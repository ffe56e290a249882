import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createSmsHandler, SMS_ROUTE } from '../../functions/sms/create-handler';
import { createStatusHandler, STATUS_ROUTE } from '../../functions/status/create-handler';
import { createVoiceHandler, VOICE_ROUTE } from '../../functions/voice/create-handler';
import { LOCAL_TABLES } from '../../local/local-service';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { createDependencies } from '../../shared/dependencies';
import type { WebhookHandler } from '../../shared/http/webhook-types';
import { MetricName } from '../../shared/ports/metrics';
import { METRIC } from '../../lib/metric-names';
import { NUMBERS } from '../support/seeds';
import { signedEvent, type RequestOptions, type TwilioParams } from '../support/twilio-request';
import { callEnded, incomingCall, incomingSms, startHarness, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL, type Harness } from '../support/webhook-harness';
import { resolveIntrinsics, synthesized, type TemplateResource } from './synthesize';

/**
 * The contract between the stack and the code it deploys, checked by running the real handlers
 * (embedded DynamoDB, fake Twilio API) wired as in production, one set of dependencies per function:
 * the metrics they emit are the ones the alarms watch, and every DynamoDB call they make is allowed by their role.
 */

type Webhook = 'voice' | 'status' | 'sms';
type Invoke = (params: TwilioParams, options?: RequestOptions) => ReturnType<WebhookHandler>;

interface EmittedMetric {
  namespace: string;
  name: string;
  /** Each dimension set of the EMF directive, as sorted dimension names ([] = no dimensions). */
  dimensionSets: string[][];
}

/** What CloudWatch extracts from one EMF line: namespace, metric names and dimension sets. */
function metricsInEmf(line: string): EmittedMetric[] {
  const document = JSON.parse(line) as { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } };
  return document._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map(({ Name }) => ({ namespace: directive.Namespace, name: Name, dimensionSets: directive.Dimensions.map((set) => [...set].sort()) })),
  );
}

interface DynamoCall {
  command: string;
  input: Record<string, any>;
}

/** The IAM action and table (or index) each DynamoDB call needs, as "dynamodb:Action on <table>[/index/<name>]". */
function requiredPermissions(call: DynamoCall): string[] {
  const name = call.command.replace(/Command$/, '');
  const single: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan' };
  const itemAction = single[name] ?? name;
  const input = call.input;
  const on = (action: string, table: string, index?: string) => `dynamodb:${action} on ${table}${index ? `/index/${index}` : ''}`;
  if (name === 'BatchGet' || name === 'BatchGetItem') return Object.keys(input.RequestItems).map((table) => on('BatchGetItem', table));
  if (name === 'BatchWrite' || name === 'BatchWriteItem') return Object.keys(input.RequestItems).map((table) => on('BatchWriteItem', table));
  if (name === 'TransactWrite' || name === 'TransactWriteItems') {
    const kinds: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
    return (input.TransactItems as Array<Record<string, { TableName: string }>>).flatMap((item) =>
      Object.entries(item).map(([kind, operation]) => on(kinds[kind] ?? kind, operation.TableName)),
    );
  }
  if (name === 'TransactGet' || name === 'TransactGetItems') {
    return (input.TransactItems as Array<{ Get: { TableName: string } }>).map(({ Get }) => on('GetItem', Get.TableName));
  }
  return [on(itemAction, input.TableName, input.IndexName)];
}

/** An IAM action or resource pattern (`*` and `?` wildcards) as a regular expression. */
function iamPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

describe('metric names: lib repeats the runtime\'s names instead of importing them', () => {
  it.each(Object.entries(METRIC))('%s is %s in lib and in shared/ports/metrics.ts', (key, name) => {
    expect((MetricName as Record<string, string>)[key]).toBe(name);
  });
});

/** The three handlers on one embedded DynamoDB, each function with its own recorded DynamoDB client. */
interface Deployment {
  handlers: Record<Webhook, Invoke>;
  emfLines: string[];
  dynamoCalls: Record<Webhook, DynamoCall[]>;
  close(): Promise<void>;
}

async function deploy(metricsNamespace: string): Promise<Deployment> {
  const harness: Harness = await startHarness();
  const emfLines: string[] = [];
  const dynamoCalls: Record<Webhook, DynamoCall[]> = { voice: [], status: [], sms: [] };
  const clients: DynamoDBDocumentClient[] = [];
  const invoker = (webhook: Webhook, create: typeof createVoiceHandler, path: string): Invoke => {
    // Each function gets its own DynamoDB client, so every call is attributed to the function that made it.
    const db = createDocumentClient({ endpoint: harness.dynamo.endpoint });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        dynamoCalls[webhook].push({ command: String(context.commandName), input: args.input as Record<string, any> });
        return next(args);
      },
      { step: 'initialize', name: 'recordDynamoCalls' },
    );
    clients.push(db);
    // Wired as in production, with the namespace the stack gives the functions.
    const dependencies = createDependencies(
      { ...harness.config, metricsNamespace },
      { service: webhook, db, emfWriter: (line) => emfLines.push(line), logger: new JsonLogger(webhook, () => undefined) },
    );
    const handler = create(dependencies);
    return (params, options) => handler(signedEvent(TEST_PUBLIC_BASE_URL, path, TEST_AUTH_TOKEN, params, options), { awsRequestId: 'contract' } as Context);
  };
  return {
    handlers: {
      voice: invoker('voice', createVoiceHandler, VOICE_ROUTE),
      status: invoker('status', createStatusHandler as typeof createVoiceHandler, STATUS_ROUTE),
      sms: invoker('sms', createSmsHandler as typeof createVoiceHandler, SMS_ROUTE),
    },
    emfLines,
    dynamoCalls,
    close: async () => {
      for (const db of clients) db.destroy();
      await harness.close();
    },
  };
}

describe('the deployed code and its stack', () => {
  const s = synthesized('prod');
  const alarms = Object.values(s.resources('AWS::CloudWatch::Alarm'));
  const namespace: string = s.resources('AWS::Lambda::Function')[s.logicalId(s.stack.functions.voice)]!.Properties.Environment.Variables.METRICS_NAMESPACE;
  const tables = s.stack.node.findChild('Tables');

  let deployment: Deployment;
  let handlers: Record<Webhook, Invoke>;
  // Each test starts from the seed, so no scenario depends on another (the pool, above all).
  beforeEach(async () => {
    deployment = await deploy(namespace);
    handlers = deployment.handlers;
  });
  afterEach(async () => deployment.close());

  describe('what a real handler emits is exactly what the synthesized alarms watch', () => {
    const alarmsOn = (metricName: string): Array<TemplateResource['Properties']> =>
      alarms.map((alarm) => alarm.Properties).filter((alarm) => alarm.MetricName === metricName);

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
      await handlers.voice(incomingCall('CA900', NUMBERS.onboarding, NUMBERS.customer));
      expectAlarmedAsEmitted(MetricName.VOICE_ONBOARDING_VIOLATION);
    });

    it('a status callback for the onboarding number emits the metric its invariant alarm watches', async () => {
      await handlers.status(callEnded('CA901', NUMBERS.onboarding, NUMBERS.customer, 'no-answer'));
      expectAlarmedAsEmitted(MetricName.STATUS_ONBOARDING_VIOLATION);
    });

    it('a missed call on an operational number without a client emits the metric its invariant alarm watches', async () => {
      await handlers.status(callEnded('CA902', NUMBERS.orphanOperational, NUMBERS.customer, 'no-answer'));
      expectAlarmedAsEmitted(MetricName.STATUS_OPERATIONAL_NO_CLIENT);
    });

    it('a text to an operational number without a client emits the metric its invariant alarm watches', async () => {
      await handlers.sms(incomingSms('SM903', NUMBERS.orphanOperational, NUMBERS.customer, 'Hello'));
      expectAlarmedAsEmitted(MetricName.SMS_OPERATIONAL_NO_CLIENT);
    });

    it('a forged request emits the metric the signature-rejection spike alarm watches', async () => {
      await handlers.voice(incomingCall('CA904', NUMBERS.aceBusiness, NUMBERS.customer), { authToken: 'not-the-token' });
      expectAlarmedAsEmitted(MetricName.SIGNATURE_REJECTED);
    });

    it('a sign-up when the pool is empty emits the metric the pool alarm watches', async () => {
      for (const owner of ['+447922000001', '+447922000002']) {
        for (const [index, body] of ['Hi', 'Pool Test', 'YES', 'YES'].entries()) {
          await handlers.sms(incomingSms(`SMpool${owner}${index}`, NUMBERS.onboarding, owner, body));
        }
      }
      expectAlarmedAsEmitted(MetricName.ONBOARDING_POOL_EXHAUSTED);
    });

    it('a call to a system number is counted, and no alarm watches it', async () => {
      await handlers.voice(incomingCall('CA905', NUMBERS.system, NUMBERS.customer));
      expect(deployment.emfLines.flatMap(metricsInEmf).map(({ name }) => name)).toContain(MetricName.VOICE_SYSTEM_NUMBER);
      expect(alarmsOn(MetricName.VOICE_SYSTEM_NUMBER)).toEqual([]);
    });
  });

  describe('every DynamoDB call a handler makes is allowed by its function\'s role', () => {
    const tableArn: Record<string, string> = {};

    /** "dynamodb:Action on <resource>" patterns the function's role allows. */
    function allowed(webhook: Webhook): Array<{ action: RegExp; resource: RegExp }> {
      const roleId = s.logicalId(s.stack.functions[webhook].role!);
      return Object.values(s.resources('AWS::IAM::Policy'))
        .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string | string[]; Resource: unknown }>)
        .filter((statement) => statement.Effect === 'Allow')
        .flatMap((statement) =>
          [statement.Action].flat().flatMap((action) => [statement.Resource].flat().map((resource) => ({ action: iamPattern(action), resource: iamPattern(resolveIntrinsics(resource)) }))),
        );
    }

    function missingPermissions(webhook: Webhook): string[] {
      tableArn[LOCAL_TABLES.directoryTable] = `<${s.logicalId(tables.node.findChild('Directory'))}.Arn>`;
      tableArn[LOCAL_TABLES.activityTable] = `<${s.logicalId(tables.node.findChild('Activity'))}.Arn>`;
      const grants = allowed(webhook);
      const needed = new Set(
        deployment.dynamoCalls[webhook].flatMap(requiredPermissions).map((permission) => permission.replace(/ on ([^/]+)/, (_match, table: string) => ` on ${tableArn[table] ?? table}`)),
      );
      expect(needed.size).toBeGreaterThan(0);
      return [...needed].filter((permission) => {
        const [action, resource] = permission.split(' on ') as [string, string];
        return !grants.some((grant) => grant.action.test(action) && grant.resource.test(resource));
      });
    }

    it('voice: calls to business, onboarding, system and unknown numbers', async () => {
      for (const to of [NUMBERS.aceBusiness, NUMBERS.onboarding, NUMBERS.system, NUMBERS.unknown, NUMBERS.clientOwnedOnly, NUMBERS.orphanOperational]) {
        await handlers.voice(incomingCall(`CAv${to}`, to, NUMBERS.customer));
      }
      expect(missingPermissions('voice')).toEqual([]);
    });

    it('status: missed calls, repeats, invariant breaches and numbers that never send', async () => {
      await handlers.status(callEnded('CAs1', NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));
      await handlers.status(callEnded('CAs1', NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));
      await handlers.status(callEnded('CAs2', NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'busy'));
      await handlers.status(callEnded('CAs3', NUMBERS.clientOwnedOnly, NUMBERS.customer));
      for (const to of [NUMBERS.onboarding, NUMBERS.system, NUMBERS.unknown, NUMBERS.orphanOperational]) {
        await handlers.status(callEnded(`CAs${to}`, to, NUMBERS.customer));
      }
      expect(missingPermissions('status')).toEqual([]);
    });

    it('sms: customer texts, owner replies, keywords, sign-up to the last pool number and past it', async () => {
      let sid = 0;
      const text = (to: string, from: string, body: string) => handlers.sms(incomingSms(`SMc${(sid += 1)}`, to, from, body));
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap, can you come Friday?');
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Also the boiler');
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, '#1 Can do Friday 9am');
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'DONE #1');
      for (const keyword of ['HELP', 'STOP', 'START']) await text(NUMBERS.aceBusiness, NUMBERS.otherCustomer, keyword);
      for (const owner of ['+447922334455', '+447831123456']) {
        for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(NUMBERS.onboarding, owner, body);
      }
      for (const to of [NUMBERS.system, NUMBERS.unknown, NUMBERS.orphanOperational]) await text(to, NUMBERS.customer, 'Hello');
      expect(missingPermissions('sms')).toEqual([]);
    });
  });
});
