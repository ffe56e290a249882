import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  ACTIVITY_TTL_ATTRIBUTE,
  activityTableDefinition,
  directoryTableDefinition,
} from '../../shared/adapters/dynamodb/tables';
import { loadConfig, type ServiceConfig } from '../../shared/config';
import { FUNCTION_SETTINGS, SECTION_VARIABLES } from '../../shared/function-settings';
import { normalizePhoneNumber } from '../../shared/domain/numbers/phone-number';
import { ENVIRONMENT_NAMES, ENVIRONMENTS, type EnvironmentName } from '../../lib/environments';
import { CRM_MAX_ATTEMPTS } from '../../functions/crm/wiring';
import { resolveIntrinsics, synthesize, synthesized, type Synthesized, type TemplateResource } from './synthesize';

const WEBHOOKS = ['voice', 'status', 'sms'] as const;
type Webhook = (typeof WEBHOOKS)[number];
const SCHEDULED_JOBS = ['waitlist', 'audit', 'ownerTexts'] as const;
type ScheduledJob = (typeof SCHEDULED_JOBS)[number];
const CONSUMERS = ['statusRedelivery', 'smsRedelivery', 'crm'] as const;
type Consumer = (typeof CONSUMERS)[number];
/** The sign-up function, invoked only by the SMS function and its consumer. */
type FunctionName = Webhook | ScheduledJob | Consumer | 'signup';
const ALL_FUNCTIONS: FunctionName[] = [...WEBHOOKS, ...SCHEDULED_JOBS, ...CONSUMERS, 'signup'];

function functionOf(s: Synthesized, name: FunctionName) {
  if (name === 'crm') return s.stack.crmFunction;
  if (name === 'signup') return s.stack.signupFunction;
  if (name === 'statusRedelivery' || name === 'smsRedelivery') return s.stack.redeliveryFunctions[name];
  return name === 'waitlist' || name === 'audit' || name === 'ownerTexts'
    ? s.stack.scheduledFunctions[name]
    : s.stack.functions[name];
}

/** The path of an API Gateway resource, walked up through its parents. */
function resourcePath(s: Synthesized, resourceLogicalId: string): string {
  const resources = s.resources('AWS::ApiGateway::Resource');
  const parts: string[] = [];
  let current: TemplateResource | undefined = resources[resourceLogicalId];
  while (current) {
    parts.unshift(current.Properties.PathPart);
    const parent = current.Properties.ParentId;
    current = parent?.Ref ? resources[parent.Ref] : undefined;
  }
  return `/${parts.join('/')}`;
}

function methodsByPath(s: Synthesized): Record<string, TemplateResource> {
  return Object.fromEntries(
    Object.values(s.resources('AWS::ApiGateway::Method')).map((method) => [
      resourcePath(s, method.Properties.ResourceId.Ref),
      method,
    ]),
  );
}

function functionProperties(s: Synthesized, name: FunctionName): Record<string, any> {
  return s.resources('AWS::Lambda::Function')[s.logicalId(functionOf(s, name))]!.Properties;
}

function functionEnvironment(s: Synthesized, name: FunctionName): Record<string, unknown> {
  return functionProperties(s, name).Environment.Variables;
}

/** Every Allow statement of a function's role, as "action on resource" lines. */
function permissions(s: Synthesized, name: FunctionName): string[] {
  const roleId = s.logicalId(functionOf(s, name).role!);
  const lines: string[] = [];
  for (const policy of Object.values(s.resources('AWS::IAM::Policy'))) {
    if (!policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      const actions: string[] = [statement.Action].flat();
      const resources: unknown[] = [statement.Resource].flat();
      for (const action of actions)
        for (const resource of resources) lines.push(`${action} on ${resolveIntrinsics(resource)}`);
    }
  }
  return lines.sort();
}

describe('API: the three Twilio webhooks', () => {
  const s = synthesized('prod');

  it('Twilio can reach exactly POST /twilio/voice, /twilio/status and /twilio/sms, and the callbacks our TwiML names', () => {
    const methods = methodsByPath(s);
    expect(Object.keys(methods).sort()).toEqual([
      '/twilio/sms',
      '/twilio/status',
      '/twilio/status/recording/{token}',
      '/twilio/status/transcription/{token}',
      '/twilio/voice',
      '/twilio/voice/dial-action',
      '/twilio/voice/screen',
      '/twilio/voice/screen-result',
      '/twilio/voice/voicemail-done',
    ]);
    for (const method of Object.values(methods)) expect(method.Properties.HttpMethod).toBe('POST');
  });

  it.each(WEBHOOKS)(
    "/twilio/%s is a Lambda proxy integration to its function's live alias, so the raw body reaches the function",
    (webhook) => {
      const method = methodsByPath(s)[`/twilio/${webhook}`]!;
      const aliasId = s.logicalId(
        s.stack.node.findChild(`${webhook[0]!.toUpperCase()}${webhook.slice(1)}Rollout`).node.findChild('Live'),
      );
      expect(method.Properties.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      expect(resolveIntrinsics(method.Properties.Integration.Uri)).toBe(
        `arn:aws:apigateway:eu-west-2:lambda:path/2015-03-31/functions/<${aliasId}>/invocations`,
      );
      const alias = s.resources('AWS::Lambda::Alias')[aliasId]!;
      expect(alias.Properties).toMatchObject({
        Name: 'live',
        FunctionName: { Ref: s.logicalId(s.stack.functions[webhook]) },
      });
    },
  );

  it('API Gateway turns away requests without an X-Twilio-Signature header before any function runs', () => {
    const validators = s.resources('AWS::ApiGateway::RequestValidator');
    for (const method of Object.values(methodsByPath(s))) {
      expect(method.Properties.RequestParameters).toEqual({ 'method.request.header.X-Twilio-Signature': true });
      expect(validators[method.Properties.RequestValidatorId.Ref]!.Properties.ValidateRequestParameters).toBe(true);
    }
  });

  it.each(ENVIRONMENT_NAMES)('the %s stage is throttled as configured', (environment) => {
    const { rateLimit, burstLimit } = ENVIRONMENTS[environment].throttling;
    synthesized(environment).template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: environment,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: rateLimit,
          ThrottlingBurstLimit: burstLimit,
        }),
      ]),
    });
  });

  it.each(ENVIRONMENT_NAMES)(
    'in %s each webhook route is throttled on its own, as configured, so junk on one cannot starve the others',
    (environment) => {
      const [stage] = Object.values(synthesized(environment).resources('AWS::ApiGateway::Stage'));
      for (const route of WEBHOOKS) {
        const { rateLimit, burstLimit } = ENVIRONMENTS[environment].routeThrottling[route];
        expect(stage!.Properties.MethodSettings).toContainEqual(
          expect.objectContaining({
            HttpMethod: 'POST',
            ResourcePath: `/~1twilio~1${route}`,
            ThrottlingRateLimit: rateLimit,
            ThrottlingBurstLimit: burstLimit,
          }),
        );
      }
    },
  );

  it('every method of the API has a throttling setting of its own', () => {
    const [stage] = Object.values(s.resources('AWS::ApiGateway::Stage'));
    const throttled = (stage!.Properties.MethodSettings as Array<{ HttpMethod: string; ResourcePath: string }>)
      .filter((setting) => setting.ResourcePath !== '/*')
      .map((setting) => `${setting.HttpMethod} ${setting.ResourcePath.slice(1).replace(/~1/g, '/')}`);
    const methods = Object.entries(methodsByPath(s)).map(([path, method]) => `${method.Properties.HttpMethod} ${path}`);
    expect(throttled.sort()).toEqual(methods.sort());
  });

  it('the stage logs errors and JSON access lines, never request or response bodies (they hold phone numbers)', () => {
    const [stage] = Object.values(s.resources('AWS::ApiGateway::Stage'));
    const settings = stage!.Properties.MethodSettings as unknown[];
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings)
      expect(setting).toEqual(expect.objectContaining({ LoggingLevel: 'ERROR', DataTraceEnabled: false }));
    const format = JSON.parse(stage!.Properties.AccessLogSetting.Format) as Record<string, string>;
    expect(Object.values(format).every((field) => field.startsWith('$context.'))).toBe(true);
    expect(format).not.toHaveProperty('body');
  });

  it('the outputs give Twilio the URL of each webhook', () => {
    const outputs = s.template.findOutputs('*');
    const base = resolveIntrinsics(functionEnvironment(s, 'voice').PUBLIC_BASE_URL);
    expect(resolveIntrinsics(outputs.VoiceWebhookUrl!.Value)).toBe(`${base}/twilio/voice`);
    expect(resolveIntrinsics(outputs.StatusCallbackUrl!.Value)).toBe(`${base}/twilio/status`);
    expect(resolveIntrinsics(outputs.MessagingWebhookUrl!.Value)).toBe(`${base}/twilio/sms`);
  });
});

describe('outputs for the admin tool', () => {
  it('name the tables and the onboarding number, as admin/stack-outputs.ts reads them', () => {
    const s = synthesized('staging');
    const tables = s.stack.node.findChild('Tables');
    const outputs = s.template.findOutputs('*');
    expect(outputs.DirectoryTableName!.Value).toEqual({ Ref: s.logicalId(tables.node.findChild('Directory')) });
    expect(outputs.ActivityTableName!.Value).toEqual({ Ref: s.logicalId(tables.node.findChild('Activity')) });
    expect(outputs.OnboardingNumber!.Value).toBe(ENVIRONMENTS.staging.onboardingNumber);
  });
});

describe('signature URL: each function checks signatures against exactly the URL Twilio calls', () => {
  it.each(ENVIRONMENT_NAMES)("in %s, PUBLIC_BASE_URL is the API's execute-api URL for the stage", (environment) => {
    const s = synthesized(environment);
    const apiId = s.logicalId(s.stack.node.findChild('Webhooks').node.findChild('Api'));
    for (const webhook of WEBHOOKS) {
      expect(resolveIntrinsics(functionEnvironment(s, webhook).PUBLIC_BASE_URL)).toBe(
        `https://<${apiId}>.execute-api.eu-west-2.amazonaws.com/${environment}`,
      );
    }
  });

  it('with a custom domain, it is the domain, and the execute-api endpoint (which could only fail the check) is off', () => {
    const s = synthesize({
      ...ENVIRONMENTS.staging,
      customDomain: {
        domainName: 'hooks.example.com',
        certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/0f7c1a52-2b3a-4b4b-9a57-1f3d3c1c2e11',
        hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' },
      },
    });
    expect(functionEnvironment(s, 'voice').PUBLIC_BASE_URL).toBe('https://hooks.example.com');
    expect(s.template.findOutputs('VoiceWebhookUrl').VoiceWebhookUrl!.Value).toBe(
      'https://hooks.example.com/twilio/voice',
    );
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    s.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'hooks.example.com',
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { DomainName: Match.anyValue() });
    s.template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'hooks.example.com.', Type: 'A' });
  });
});

describe('functions', () => {
  const s = synthesized('prod');

  it('all ten (three webhooks, three scheduled jobs, two redelivery consumers, the CRM delivery, sign-up) run on the newest Node.js runtime Lambda offers, on ARM64', () => {
    const nodeRuntimes = Runtime.ALL.map((runtime) => runtime.name).filter((name) => /^nodejs\d+\.x$/.test(name));
    const newest = nodeRuntimes.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1);
    const functions = Object.values(s.resources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(10);
    for (const fn of functions)
      expect(fn.Properties).toMatchObject({ Runtime: newest, Architectures: ['arm64'], Handler: 'index.handler' });
  });

  it("each writes to its own log group, kept for the environment's retention", () => {
    const logGroups = s.resources('AWS::Logs::LogGroup');
    const used = ALL_FUNCTIONS.map((name) => functionProperties(s, name).LoggingConfig.LogGroup.Ref);
    expect(new Set(used).size).toBe(ALL_FUNCTIONS.length);
    for (const logGroupId of used)
      expect(logGroups[logGroupId]!.Properties.RetentionInDays).toBe(ENVIRONMENTS.prod.logRetention);
  });

  it('each gets source-mapped stack traces', () => {
    for (const fn of Object.values(s.resources('AWS::Lambda::Function')))
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it.each(WEBHOOKS)("%s gives up before Twilio's 15-second limit", (webhook) => {
    expect(functionProperties(s, webhook).Timeout).toBeLessThan(15);
  });

  it.each(ALL_FUNCTIONS)(
    '%s gets exactly the variables of the config sections it reads, with the Twilio secret by name only',
    (name) => {
      const environment = functionEnvironment(s, name);
      const expected = FUNCTION_SETTINGS[name].flatMap((section) => SECTION_VARIABLES[section].required);
      const sections = FUNCTION_SETTINGS[name] as readonly string[];
      const knobs = [
        ...(sections.includes('textBack')
          ? ['DAILY_SMS_CAP', 'TEXT_BACK_COOLDOWN_MINUTES', 'EMERGENCY_KEYWORD_SETS']
          : []),
        ...(sections.includes('sendLimits') ? ['DAILY_OWNER_SMS_CAP', 'AUTOMATED_TEXTS_PER_COUNTERPART'] : []),
        ...(sections.includes('signup') ? SECTION_VARIABLES.signup.optional : []),
        ...(sections.includes('redelivery') ? ['REDELIVERY_BASE_DELAY_SECONDS'] : []),
        ...(sections.includes('calls') ? SECTION_VARIABLES.calls.optional : []),
      ];
      const secret = (FUNCTION_SETTINGS[name] as readonly string[]).includes('twilio') ? ['TWILIO_SECRET_ID'] : [];
      expect(Object.keys(environment).sort()).toEqual([...expected, ...knobs, ...secret, 'NODE_OPTIONS'].sort());
    },
  );

  it('the status function gets the tables, the secret by name, the namespace and the text-back knobs', () => {
    const environment = functionEnvironment(s, 'status');
    expect(environment).toMatchObject({
      DIRECTORY_TABLE: { Ref: s.logicalId(s.stack.node.findChild('Tables').node.findChild('Directory')) },
      ACTIVITY_TABLE: { Ref: s.logicalId(s.stack.node.findChild('Tables').node.findChild('Activity')) },
      TWILIO_SECRET_ID: 'missed-call-textback/prod/twilio',
      METRICS_NAMESPACE: 'MissedCallTextBack/prod',
      TEXT_BACK_COOLDOWN_MINUTES: '30',
      DAILY_SMS_CAP: '200',
      DAILY_OWNER_SMS_CAP: '500',
      AUTOMATED_TEXTS_PER_COUNTERPART: '3',
    });
  });

  it.each(ENVIRONMENT_NAMES)(
    "in %s, the runtime's loadConfig accepts the synthesized environment once CloudFormation resolves it",
    (environment) => {
      const s = synthesized(environment);
      for (const fn of ALL_FUNCTIONS) {
        const resolved = Object.fromEntries(
          Object.entries(functionEnvironment(s, fn)).map(([name, value]) => [name, resolveIntrinsics(value)]),
        );
        const config: Partial<ServiceConfig> = loadConfig(FUNCTION_SETTINGS[fn], resolved);
        // The crm function reads no number: only the directory, its metrics and its queue (issue 19 §5).
        if (fn !== 'crm')
          expect(config.numbers?.onboardingNumber).toBe(
            normalizePhoneNumber(ENVIRONMENTS[environment].onboardingNumber),
          );
        if (config.crmEvents) expect(config.crmEvents.queueUrl).toBe(`<${s.logicalId(s.stack.crmQueue.queue)}>`);
        if (config.twilio)
          expect(config.twilio.credentials).toEqual({
            kind: 'secret',
            secretId: ENVIRONMENTS[environment].twilioSecretName,
          });
        if (config.textBack) expect(config.textBack).toEqual(ENVIRONMENTS[environment].textBack);
        if (config.signup) expect(config.signup).toEqual(ENVIRONMENTS[environment].signup);
        if (config.sendLimits) expect(config.sendLimits).toEqual(ENVIRONMENTS[environment].sendLimits);
      }
    },
  );
});

describe('least privilege', () => {
  const s = synthesized('prod');
  const directory = `<${s.logicalId(s.stack.node.findChild('Tables').node.findChild('Directory'))}.Arn>`;
  const activity = `<${s.logicalId(s.stack.node.findChild('Tables').node.findChild('Activity'))}.Arn>`;
  const secret = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:missed-call-textback/prod/twilio-??????';
  const ownLogs = (name: FunctionName) => {
    const logGroupId = s.logicalId(functionOf(s, name).functionLogGroup);
    return [`logs:CreateLogStream on <${logGroupId}.Arn>`, `logs:PutLogEvents on <${logGroupId}.Arn>`];
  };

  const on = (resource: string, ...actions: string[]) => actions.map((action) => `dynamodb:${action} on ${resource}`);
  const queueArn = (id: string) =>
    id === 'CrmEvents'
      ? `<${s.logicalId(s.stack.crmQueue.queue)}.Arn>`
      : `<${s.logicalId(s.stack.redeliveryQueues[id === 'StatusRedelivery' ? 'status' : 'sms'].queue)}.Arn>`;
  // What grantSendMessages gives: the webhook can put what it cannot finish on its own queue, and nothing else.
  const sendsTo = (id: string) =>
    ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].map((action) => `${action} on ${queueArn(id)}`);
  const invokesSignup = () => [`lambda:InvokeFunction on <${s.logicalId(s.stack.signupFunction)}.Arn>`];

  it.each([
    ['statusRedelivery', 'status', 'StatusRedelivery'],
    ['smsRedelivery', 'sms', 'SmsRedelivery'],
  ] as const)(
    "%s has its webhook's table and secret access, consumes (and may queue texts on) only its own queue, and writes its own logs",
    (consumer, webhook, queue) => {
      const tableAndSecret = (name: FunctionName) =>
        permissions(s, name).filter((line) => line.startsWith('dynamodb:') || line.startsWith('secretsmanager:'));
      const consumes = [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].map((action) => `${action} on ${queueArn(queue)}`);
      expect([...new Set(permissions(s, consumer))]).toEqual(
        [
          ...new Set([
            ...tableAndSecret(webhook),
            ...consumes,
            ...sendsTo(queue),
            // Issue 19 §5: the use cases it runs publish job events, as its webhook does.
            ...sendsTo('CrmEvents'),
            ...(consumer === 'smsRedelivery' ? invokesSignup() : []),
            ...ownLogs(consumer),
          ]),
        ].sort(),
      );
    },
  );

  it('voice can only read the directory table (not its indexes), read the Twilio secret and write its own logs', () => {
    expect(permissions(s, 'voice')).toEqual(
      [...on(directory, 'GetItem', 'Query'), `secretsmanager:GetSecretValue on ${secret}`, ...ownLogs('voice')].sort(),
    );
  });

  it('status reads the directory, reads and writes (never deletes) the activity table, reads the secret, writes its own logs', () => {
    expect(permissions(s, 'status')).toEqual(
      [
        ...on(directory, 'BatchGetItem', 'GetItem', 'Query'),
        ...on(activity, 'BatchGetItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'UpdateItem'),
        `secretsmanager:GetSecretValue on ${secret}`,
        ...sendsTo('StatusRedelivery'),
        ...sendsTo('CrmEvents'),
        ...ownLogs('status'),
      ].sort(),
    );
  });

  it("sms runs jobs in the activity table and the owner's call settings in the directory, and invokes only the sign-up function: no pool, no directory deletes", () => {
    expect(permissions(s, 'sms')).toEqual(
      [
        ...on(directory, 'BatchGetItem', 'UpdateItem'),
        ...on(
          activity,
          'BatchGetItem',
          'ConditionCheckItem',
          'DeleteItem',
          'GetItem',
          'PutItem',
          'Query',
          'UpdateItem',
        ),
        `secretsmanager:GetSecretValue on ${secret}`,
        ...sendsTo('SmsRedelivery'),
        ...sendsTo('CrmEvents'),
        ...invokesSignup(),
        ...ownLogs('sms'),
      ].sort(),
    );
  });

  it('sign-up assigns pool numbers in the directory and keeps its conversations in the activity table; it may queue texts on the SMS queue, and invoke nothing', () => {
    expect(permissions(s, 'signup')).toEqual(
      [
        ...on(directory, 'BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'),
        ...on(`${directory}/index/availablePool`, 'Query'),
        ...on(`${directory}/index/byClientId`, 'Query'),
        ...on(`${directory}/index/byOwnerPhone`, 'Query'),
        ...on(
          activity,
          'BatchGetItem',
          'ConditionCheckItem',
          'DeleteItem',
          'GetItem',
          'PutItem',
          'Query',
          'UpdateItem',
        ),
        `secretsmanager:GetSecretValue on ${secret}`,
        ...sendsTo('SmsRedelivery'),
        ...ownLogs('signup'),
      ].sort(),
    );
  });

  it('the sign-up function has no API route and no resource policy: only the sms and sms-redelivery roles may invoke it', () => {
    const signupId = s.logicalId(s.stack.signupFunction);
    const invokers = Object.values(s.resources('AWS::IAM::Policy'))
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some((statement: { Resource: unknown }) =>
          [statement.Resource].flat().some((resource) => resolveIntrinsics(resource) === `<${signupId}.Arn>`),
        ),
      )
      .flatMap((policy) => policy.Properties.Roles.map((role: { Ref: string }) => role.Ref))
      .sort();
    expect(invokers).toEqual(
      [s.logicalId(functionOf(s, 'sms').role!), s.logicalId(functionOf(s, 'smsRedelivery').role!)].sort(),
    );
    const permissionsOnSignup = Object.values(s.resources('AWS::Lambda::Permission')).filter((permission) =>
      JSON.stringify(permission.Properties.FunctionName).includes(signupId),
    );
    expect(permissionsOnSignup).toEqual([]);
    for (const invoker of ['sms', 'smsRedelivery'] as const)
      expect(functionEnvironment(s, invoker).SIGNUP_FUNCTION_NAME).toEqual({ Ref: signupId });
    // A slow sign-up fails (and its text is queued or counted) before the sms webhook itself times out.
    expect(functionProperties(s, 'signup').Timeout).toBeLessThan(functionProperties(s, 'sms').Timeout);
  });

  it("the waiting list assigns pool numbers and texts owners: no directory deletes, no reads of other people's jobs or messages", () => {
    expect(permissions(s, 'waitlist')).toEqual(
      [
        // BatchGetItem: the released numbers resting before reuse, read to end their rest (issue 17).
        ...on(directory, 'BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'),
        ...on(`${directory}/index/availablePool`, 'Query'),
        ...on(`${directory}/index/byClientId`, 'Query'),
        ...on(`${directory}/index/byOwnerPhone`, 'Query'),
        ...on(activity, 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
        `secretsmanager:GetSecretValue on ${secret}`,
        ...ownLogs('waitlist'),
      ].sort(),
    );
  });

  it("the owner-texts job reads numbers by key, works its queue and the businesses' partitions, and sends: no Scan, no index", () => {
    expect(permissions(s, 'ownerTexts')).toEqual(
      [
        ...on(directory, 'Query'),
        ...on(activity, 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
        `secretsmanager:GetSecretValue on ${secret}`,
        ...ownLogs('ownerTexts'),
      ].sort(),
    );
  });

  it('the audit can only page through the directory by its byKind index and write its own logs: no Scan, no writes, no activity table, no Twilio secret', () => {
    expect(permissions(s, 'audit')).toEqual([...on(`${directory}/index/byKind`, 'Query'), ...ownLogs('audit')].sort());
  });

  it("the CRM queue dead-letters after the crm function's last attempt, and hides a message six times its timeout", () => {
    const queue = s.resources('AWS::SQS::Queue')[s.logicalId(s.stack.crmQueue.queue)]!.Properties;
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(CRM_MAX_ATTEMPTS);
    expect(queue.VisibilityTimeout).toBe(6 * functionProperties(s, 'crm').Timeout);
  });

  it('the CRM delivery reads one item kind of the directory by GetItem, consumes only the CRM queue, and writes its own logs: no activity table, no Twilio secret', () => {
    const consumes = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ].map((action) => `${action} on ${queueArn('CrmEvents')}`);
    expect([...new Set(permissions(s, 'crm'))]).toEqual(
      [...on(directory, 'GetItem'), ...consumes, ...ownLogs('crm')].sort(),
    );
  });

  it('no function role carries a managed policy', () => {
    for (const name of ALL_FUNCTIONS) {
      const role = s.resources('AWS::IAM::Role')[s.logicalId(functionOf(s, name).role!)]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('the stack never creates the Twilio secret, so its value can never be in a template', () => {
    s.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(JSON.stringify(s.template.toJSON())).not.toMatch(/authToken|TWILIO_AUTH_TOKEN/);
  });
});

describe('scheduled jobs', () => {
  const s = synthesized('prod');
  const jobId = (job: ScheduledJob) => s.logicalId(s.stack.scheduledFunctions[job]);
  const ruleOf = (job: ScheduledJob) =>
    s.resources('AWS::Events::Rule')[s.logicalId(s.stack.schedules[job].rule)]!.Properties;
  const functionArn = (job: ScheduledJob) => ({ 'Fn::GetAtt': [jobId(job), 'Arn'] });

  it('exactly three schedules exist: the waiting list, the audit and the owner texts', () => {
    s.template.resourceCountIs('AWS::Events::Rule', 3);
  });

  it('the owner texts run every 15 minutes, a tick that cannot be delivered within 15 minutes dropped for the next', () => {
    expect(ruleOf('ownerTexts')).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [
        { Arn: functionArn('ownerTexts'), Id: expect.any(String), RetryPolicy: { MaximumEventAgeInSeconds: 900 } },
      ],
    });
  });

  it('the waiting list is served every 5 minutes, and a tick that cannot be delivered within 5 minutes is dropped for the next', () => {
    expect(ruleOf('waitlist')).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        { Arn: functionArn('waitlist'), Id: expect.any(String), RetryPolicy: { MaximumEventAgeInSeconds: 300 } },
      ],
    });
  });

  it('the audit runs once a day, at 07:00 UTC', () => {
    expect(ruleOf('audit')).toMatchObject({
      ScheduleExpression: 'cron(0 7 * * ? *)',
      State: 'ENABLED',
      Targets: [{ Arn: functionArn('audit'), Id: expect.any(String) }],
    });
  });

  it.each(SCHEDULED_JOBS)('only its own schedule may invoke the %s function', (job) => {
    const grants = Object.values(s.resources('AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.FunctionName?.['Fn::GetAtt']?.[0] === jobId(job),
    );
    expect(grants.map((grant) => grant.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: functionArn(job),
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [s.logicalId(s.stack.schedules[job].rule), 'Arn'] },
      },
    ]);
  });

  it('each run finishes well within its interval: the waiting list within a minute, the audit within 5 minutes', () => {
    expect(functionProperties(s, 'waitlist').Timeout).toBe(60);
    expect(functionProperties(s, 'audit').Timeout).toBe(300);
    expect(functionProperties(s, 'ownerTexts').Timeout).toBe(60);
  });

  it('a failed waiting-list run is not retried (the next run is 5 minutes later); a failed audit is retried twice', () => {
    const invokeConfig = (job: ScheduledJob) =>
      Object.values(s.resources('AWS::Lambda::EventInvokeConfig')).find(
        (config) => config.Properties.FunctionName.Ref === jobId(job),
      )!.Properties;
    expect(invokeConfig('waitlist')).toMatchObject({ MaximumRetryAttempts: 0, Qualifier: '$LATEST' });
    expect(invokeConfig('audit')).toMatchObject({ MaximumRetryAttempts: 2, Qualifier: '$LATEST' });
    expect(invokeConfig('ownerTexts')).toMatchObject({ MaximumRetryAttempts: 0, Qualifier: '$LATEST' });
  });

  it('they deploy all at once: no alias, no gradual rollout, no API route', () => {
    const jobIds = SCHEDULED_JOBS.map(jobId);
    for (const alias of Object.values(s.resources('AWS::Lambda::Alias')))
      expect(jobIds).not.toContain(alias.Properties.FunctionName.Ref);
    s.template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 3);
    expect(JSON.stringify(Object.values(s.resources('AWS::ApiGateway::Method')))).not.toMatch(
      new RegExp(jobIds.join('|')),
    );
  });

  it('the outputs name each job function, so on-call can run a job by hand', () => {
    const outputs = s.template.findOutputs('*');
    expect(outputs.WaitingListFunctionName!.Value).toEqual({ Ref: jobId('waitlist') });
    expect(outputs.AuditFunctionName!.Value).toEqual({ Ref: jobId('audit') });
    expect(outputs.OwnerTextsFunctionName!.Value).toEqual({ Ref: jobId('ownerTexts') });
  });
});

describe('tables', () => {
  const s = synthesized('prod');
  const tableProperties = (id: 'Directory' | 'Activity') =>
    s.resources('AWS::DynamoDB::Table')[s.logicalId(s.stack.node.findChild('Tables').node.findChild(id))]!.Properties;
  const sortByName = <T extends { AttributeName?: string; IndexName?: string }>(items: T[] = []) =>
    [...items].sort((a, b) =>
      String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
    );

  it.each([
    ['Directory', directoryTableDefinition('x')],
    ['Activity', activityTableDefinition('x')],
  ] as const)(
    'the %s table has exactly the keys and indexes of shared/adapters/dynamodb/tables.ts, billed on demand',
    (id, definition) => {
      const table = tableProperties(id);
      expect(table.BillingMode).toBe(definition.BillingMode);
      expect(table.KeySchema).toEqual(definition.KeySchema);
      expect(sortByName(table.AttributeDefinitions)).toEqual(sortByName(definition.AttributeDefinitions));
      expect(sortByName(table.GlobalSecondaryIndexes)).toEqual(sortByName(definition.GlobalSecondaryIndexes as never));
    },
  );

  it('activity records expire on their expiresAt attribute', () => {
    expect(tableProperties('Activity').TimeToLiveSpecification).toEqual({
      AttributeName: ACTIVITY_TTL_ATTRIBUTE,
      Enabled: true,
    });
  });

  const expectations: Record<EnvironmentName, { DeletionPolicy: string; DeletionProtectionEnabled: boolean }> = {
    prod: { DeletionPolicy: 'Retain', DeletionProtectionEnabled: true },
    staging: { DeletionPolicy: 'Delete', DeletionProtectionEnabled: false },
  };
  it.each(ENVIRONMENT_NAMES)(
    "in %s, both tables have point-in-time recovery and the environment's protection",
    (environment) => {
      const tables = Object.values(synthesized(environment).resources('AWS::DynamoDB::Table'));
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        expect(table.DeletionPolicy).toBe(expectations[environment].DeletionPolicy);
        expect(table.Properties.DeletionProtectionEnabled).toBe(expectations[environment].DeletionProtectionEnabled);
        expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      }
    },
  );
});

describe('environments', () => {
  it.each(ENVIRONMENT_NAMES)('the %s onboarding number is one the functions accept', (environment) => {
    expect(normalizePhoneNumber(ENVIRONMENTS[environment].onboardingNumber)).toBe(
      ENVIRONMENTS[environment].onboardingNumber,
    );
  });

  it('each environment has its own Twilio secret, metric namespace and stack', () => {
    const staging = synthesized('staging');
    const prod = synthesized('prod');
    expect(staging.stack.stackName).toBe('MissedCallTextBack-staging');
    expect(prod.stack.stackName).toBe('MissedCallTextBack-prod');
    expect(functionEnvironment(staging, 'voice').TWILIO_SECRET_ID).not.toBe(
      functionEnvironment(prod, 'voice').TWILIO_SECRET_ID,
    );
    expect(functionEnvironment(staging, 'voice').METRICS_NAMESPACE).toBe('MissedCallTextBack/staging');
  });
});

describe('layout', () => {
  it('bin/app.ts and lib/ never import runtime code but the dependency-free catalogues: entry paths and variable names only', () => {
    const root = path.join(__dirname, '..', '..');
    const files = [
      'bin/app.ts',
      ...readdirSync(path.join(root, 'lib'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => `lib/${file}`),
    ];
    const imports = files.flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );
    expect(imports.length).toBeGreaterThan(0);
    const runtime = imports.filter((line) => /: \.\.\/(shared|functions|local|admin)\b/.test(line));
    expect(
      runtime.filter(
        (line) =>
          !/: \.\.\/shared\/(metric-names|function-settings|webhook-routes|business-name-repertoire)$/.test(line),
      ),
    ).toEqual([]);
  });
});

describe('sign-up approval per environment', () => {
  it('prod requires an operator to approve each sign-up; staging stays open', () => {
    expect(resolveIntrinsics(functionEnvironment(synthesized('prod'), 'signup').SIGNUP_APPROVAL_REQUIRED)).toBe('true');
    expect(resolveIntrinsics(functionEnvironment(synthesized('staging'), 'signup').SIGNUP_APPROVAL_REQUIRED)).toBe(
      'false',
    );
  });
});
