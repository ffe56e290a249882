import { ArnFormat, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { DataTables } from './data-tables';
import { stackName, type EnvironmentSettings } from './environments';
import { GradualRollout } from './gradual-rollout';
import { metricsNamespace } from '../shared/metric-names';
import { OnCallTopic } from './on-call-topic';
import { ScheduledJob, type ScheduledJobName } from './scheduled-job';
import { ServiceAlarms, type WebhookName } from './service-alarms';
import { ServiceDashboard } from './service-dashboard';
import { TwilioWebhookApi } from './twilio-webhook-api';
import { RedeliveryQueues } from './redelivery-queues';
import { ServiceFunction } from './service-function';
import { ROUTES_BY_FUNCTION } from '../shared/webhook-routes';
import { FUNCTION_SETTINGS, type ConfigSectionName, type FunctionName } from '../shared/function-settings';

export interface MissedCallTextBackStackProps extends Omit<StackProps, 'env'> {
  settings: EnvironmentSettings;
}

/**
 * What each function may do to each table, and whether it reads the Twilio secret: exactly the calls its code makes
 * (test/infra/runtime-contract.test.ts runs the handlers and checks every DynamoDB call against these). Voice only reads
 * the directory; status also records calls and contacts; sms also runs jobs and sign-ups and assigns pool numbers in the
 * directory; the waiting list assigns pool numbers and texts owners; the audit only pages through the directory by Query on an index.
 */
interface FunctionAccess {
  directory: string[];
  directoryIndexes?: string[];
  activity?: string[];
  twilioSecret: boolean;
}
const WEBHOOK_AND_JOB_ACCESS: Record<WebhookName | ScheduledJobName, FunctionAccess> = {
  voice: { directory: ['GetItem', 'Query'], twilioSecret: true },
  status: {
    directory: ['BatchGetItem', 'GetItem', 'Query'],
    // ConditionCheckItem: an opt-out checks, in its transaction, whether the number is back in the pool.
    activity: ['BatchGetItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'UpdateItem'],
    twilioSecret: true,
  },
  sms: {
    directory: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    directoryIndexes: ['availablePool', 'byClientId', 'byOwnerPhone'],
    activity: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  waitlist: {
    // GetItem: reserve() reads the number back when its conditional write lost a race (or only its answer was lost).
    directory: ['GetItem', 'PutItem', 'UpdateItem'],
    directoryIndexes: ['availablePool', 'byClientId', 'byOwnerPhone'],
    // UpdateItem and ConditionCheckItem: a text refused because the owner opted out at the carrier marks them opted out.
    activity: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  // The whole directory, paged through the byKind index: a Query, never a Scan.
  audit: { directory: [], directoryIndexes: ['byKind'], twilioSecret: false },
};
/** A redelivery consumer runs its webhook's use case again: the same access, no more. */
const TABLE_ACCESS: Record<FunctionName, FunctionAccess> = {
  ...WEBHOOK_AND_JOB_ACCESS,
  statusRedelivery: WEBHOOK_AND_JOB_ACCESS.status,
  smsRedelivery: WEBHOOK_AND_JOB_ACCESS.sms,
};
const dynamodb = (actions: string[]) => actions.map((action) => `dynamodb:${action}`);

/** The waiting list is served this often; its runs must finish well within it. */
const WAITING_LIST_RATE = Duration.minutes(5);

/**
 * One environment of the service: tables, the three Twilio webhooks behind a REST API, the two scheduled jobs
 * (waiting list, daily audit), alarms that page, a dashboard.
 */
export class MissedCallTextBackStack extends Stack {
  readonly settings: EnvironmentSettings;
  readonly functions: Record<WebhookName, ServiceFunction>;
  readonly scheduledFunctions: Record<ScheduledJobName, ServiceFunction>;
  readonly schedules: Record<ScheduledJobName, ScheduledJob>;
  readonly redeliveryFunctions: Record<'statusRedelivery' | 'smsRedelivery', ServiceFunction>;
  readonly redeliveryQueues: Record<'status' | 'sms', RedeliveryQueues>;

  constructor(scope: Construct, id: string, props: MissedCallTextBackStackProps) {
    const { settings } = props;
    super(scope, id, {
      ...props,
      description: `Missed-call text-back (${settings.name}): Twilio webhooks on Lambda and DynamoDB`,
      env: { account: settings.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
    });
    this.settings = settings;
    const name = stackName(settings.name);
    const namespace = metricsNamespace(settings.name);

    const tables = new DataTables(this, 'Tables', {
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
    });
    const webhooks = new TwilioWebhookApi(this, 'Webhooks', {
      apiName: name,
      stageName: settings.name,
      throttling: settings.throttling,
      routeThrottling: settings.routeThrottling,
      logRetention: settings.logRetention,
      logRemovalPolicy: settings.removalPolicy,
      customDomain: settings.customDomain,
    });

    const consumerTimeout = Duration.seconds(30);
    const redelivery = {
      status: new RedeliveryQueues(this, 'StatusRedelivery', {
        removalPolicy: settings.removalPolicy,
        maxReceiveCount: settings.redelivery.maxReceiveCount,
        consumerTimeout,
      }),
      sms: new RedeliveryQueues(this, 'SmsRedelivery', {
        removalPolicy: settings.removalPolicy,
        maxReceiveCount: settings.redelivery.maxReceiveCount,
        consumerTimeout,
      }),
    };

    // The exact contract of shared/config.ts, by section; each function gets only the sections it reads
    // (shared/function-settings.ts). The auth token is never here: only the secret's name.
    const sectionVariables: Record<Exclude<ConfigSectionName, 'redelivery'>, Record<string, string>> = {
      directory: { DIRECTORY_TABLE: tables.directory.tableName },
      activity: { ACTIVITY_TABLE: tables.activity.tableName },
      dynamodb: {},
      numbers: { ONBOARDING_NUMBER: settings.onboardingNumber },
      webhook: { PUBLIC_BASE_URL: webhooks.publicBaseUrl },
      metrics: { METRICS_NAMESPACE: namespace },
      twilio: {
        TWILIO_SECRET_ID: settings.twilioSecretName,
        ...(settings.twilioMessagingServiceSid
          ? { TWILIO_MESSAGING_SERVICE_SID: settings.twilioMessagingServiceSid }
          : {}),
      },
      textBack: {
        TEXT_BACK_COOLDOWN_MINUTES: String(settings.textBack.cooldownMinutes),
        DAILY_SMS_CAP: String(settings.textBack.dailySmsCap),
      },
      sendLimits: {
        DAILY_OWNER_SMS_CAP: String(settings.sendLimits.dailyOwnerSmsCap),
        AUTOMATED_TEXTS_PER_COUNTERPART: String(settings.sendLimits.automatedTextsPerCounterpart),
      },
      signup: {
        SIGNUP_ASSIGNMENTS_PER_HOUR: String(settings.signup.assignmentsPerHour),
        SIGNUP_APPROVAL_REQUIRED: String(settings.signup.approvalRequired),
        SIGNUP_REPLIES_PER_DAY: String(settings.signup.repliesPerDay),
        ONBOARDING_DAILY_SMS_CAP: String(settings.signup.onboardingDailySmsCap),
      },
      calls: {
        RING_SECONDS: String(settings.calls.ringSeconds),
        RECORDINGS_PUBLIC: String(settings.calls.recordingsPublic),
      },
    };
    const queueOf: Partial<Record<FunctionName, RedeliveryQueues>> = {
      status: redelivery.status,
      statusRedelivery: redelivery.status,
      sms: redelivery.sms,
      smsRedelivery: redelivery.sms,
    };
    const environmentOf = (fn: FunctionName): Record<string, string> => {
      const queue = queueOf[fn];
      const redeliveryVariables = queue
        ? {
            REDELIVERY_QUEUE_URL: queue.queue.queueUrl,
            REDELIVERY_BASE_DELAY_SECONDS: String(settings.redelivery.baseDelaySeconds),
          }
        : {};
      return Object.assign(
        {},
        ...FUNCTION_SETTINGS[fn].map((section) =>
          section === 'redelivery' ? redeliveryVariables : sectionVariables[section],
        ),
      );
    };
    const createFunction = (
      handler: FunctionName,
      id: string,
      description: string,
      overrides: { timeout?: Duration; retryAttempts?: number; entry?: string } = {},
    ) =>
      new ServiceFunction(this, id, {
        entry: `functions/${handler}/handler.ts`,
        description: `${name}: ${description}`,
        environment: environmentOf(handler),
        logRetention: settings.logRetention,
        logRemovalPolicy: settings.removalPolicy,
        servedCallingCodes: settings.servedCallingCodes,
        ...overrides,
      });
    this.functions = {
      voice: createFunction('voice', 'VoiceFunction', 'answers calls by the role of the number called'),
      status: createFunction('status', 'StatusFunction', 'texts back missed callers and notifies owners'),
      sms: createFunction('sms', 'SmsFunction', 'stores and forwards inbound texts, runs sign-up'),
    };
    this.scheduledFunctions = {
      // No retry of a failed run: the next one is 5 minutes later, and a retry could overlap it.
      waitlist: createFunction('waitlist', 'WaitingListFunction', 'gives owners on the waiting list their numbers', {
        timeout: Duration.minutes(1),
        retryAttempts: 0,
      }),
      // A whole-table scan: minutes, not seconds, for a large directory. A failed run is retried twice.
      audit: createFunction('audit', 'AuditFunction', 'audits the number directory daily', {
        timeout: Duration.minutes(5),
        retryAttempts: 2,
      }),
    };
    // The consumers finish what the status and SMS webhooks queued, with the same use cases; reserved concurrency
    // keeps a backlog from outrunning Twilio's API concurrency or starving the webhooks.
    this.redeliveryFunctions = {
      statusRedelivery: createFunction(
        'statusRedelivery',
        'StatusRedeliveryFunction',
        'finishes queued status callbacks',
        {
          entry: 'functions/status/redelivery-handler.ts',
          timeout: consumerTimeout,
        },
      ),
      smsRedelivery: createFunction('smsRedelivery', 'SmsRedeliveryFunction', 'finishes queued inbound texts', {
        entry: 'functions/sms/redelivery-handler.ts',
        timeout: consumerTimeout,
      }),
    };
    for (const fn of Object.values(this.redeliveryFunctions)) {
      (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = settings.redelivery.consumerConcurrency;
    }
    redelivery.status.allowSending(this.functions.status);
    redelivery.status.attachConsumer(this.redeliveryFunctions.statusRedelivery);
    // A webhook the consumer finishes may queue a text Twilio failed to take, as the webhook itself would.
    redelivery.status.allowSending(this.redeliveryFunctions.statusRedelivery);
    redelivery.sms.allowSending(this.functions.sms);
    redelivery.sms.attachConsumer(this.redeliveryFunctions.smsRedelivery);
    redelivery.sms.allowSending(this.redeliveryFunctions.smsRedelivery);
    this.redeliveryQueues = redelivery;
    this.schedules = {
      waitlist: new ScheduledJob(this, 'WaitingListSchedule', {
        fn: this.scheduledFunctions.waitlist,
        schedule: Schedule.rate(WAITING_LIST_RATE),
        description: `${name}: serve the sign-up waiting list every ${WAITING_LIST_RATE.toMinutes()} minutes`,
        // A tick that could not be delivered within the interval is replaced by the next one.
        maxEventAge: WAITING_LIST_RATE,
      }),
      audit: new ScheduledJob(this, 'AuditSchedule', {
        fn: this.scheduledFunctions.audit,
        // 07:00 UTC: before the working day in the UK, so a breach is fixed the same day.
        schedule: Schedule.cron({ minute: '0', hour: '7' }),
        description: `${name}: audit the number directory daily at 07:00 UTC`,
      }),
    };

    // Least privilege, per TABLE_ACCESS; nothing else but the Twilio secret (by name) and each function's own logs.
    const twilioSecretArn = this.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      // Secrets Manager appends six random characters to a secret's name in its ARN.
      resourceName: `${settings.twilioSecretName}-??????`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const allFunctions: Record<FunctionName, ServiceFunction> = {
      ...this.functions,
      ...this.scheduledFunctions,
      ...this.redeliveryFunctions,
    };
    for (const [functionName, access] of Object.entries(TABLE_ACCESS) as Array<[FunctionName, FunctionAccess]>) {
      const fn = allFunctions[functionName];
      if (access.directory.length > 0)
        fn.addToRolePolicy(
          new PolicyStatement({ actions: dynamodb(access.directory), resources: [tables.directory.tableArn] }),
        );
      if (access.directoryIndexes) {
        const indexArns = access.directoryIndexes.map((index) => `${tables.directory.tableArn}/index/${index}`);
        fn.addToRolePolicy(new PolicyStatement({ actions: dynamodb(['Query']), resources: indexArns }));
      }
      if (access.activity)
        fn.addToRolePolicy(
          new PolicyStatement({ actions: dynamodb(access.activity), resources: [tables.activity.tableArn] }),
        );
      if (access.twilioSecret)
        fn.addToRolePolicy(
          new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [twilioSecretArn] }),
        );
    }

    const onCall = new OnCallTopic(this, 'OnCall', {
      onCall: settings.onCall,
      displayName: `${name} on-call`,
      alarmNamePrefix: name,
      removalPolicy: settings.removalPolicy,
    });
    const alarms = new ServiceAlarms(this, 'Alarms', {
      namespace,
      alarmNamePrefix: name,
      thresholds: settings.alarms,
      topic: onCall.topic,
      functions: this.functions,
      scheduledFunctions: this.scheduledFunctions,
      deadLetterQueues: { status: redelivery.status.deadLetters, sms: redelivery.sms.deadLetters },
      apiStage: webhooks.api.deploymentStage,
    });

    const application = new LambdaApplication(this, 'Deployments', { applicationName: name });
    const route = (webhook: WebhookName, id: string) => {
      const rollout = new GradualRollout(this, id, {
        fn: this.functions[webhook],
        application,
        strategy: settings.rollout,
        rollbackAlarms: alarms.rollbackAlarms[webhook],
      });
      Validations.of(rollout.deploymentGroup).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
        reason:
          "CodeDeploy's AWS-maintained role policy for Lambda traffic shifting: it only reads alarms and updates aliases.",
      });
      // Twilio calls the alias, so CodeDeploy's shift decides which version answers.
      const [main, ...callbacks] = ROUTES_BY_FUNCTION[webhook].map((path) => path.replace(/^\/twilio\//, ''));
      const url = webhooks.addRoute(main as string, rollout.alias);
      // Issue 12: the callbacks our TwiML names (Dial action, screening, recording, transcription) go to the same alias.
      for (const callback of callbacks) webhooks.addRoute(callback, rollout.alias);
      return url;
    };
    const urls = {
      voice: route('voice', 'VoiceRollout'),
      status: route('status', 'StatusRollout'),
      sms: route('sms', 'SmsRollout'),
    };

    new ServiceDashboard(this, 'Monitoring', {
      dashboardName: name,
      environmentName: settings.name,
      namespace,
      functions: this.functions,
      scheduledFunctions: this.scheduledFunctions,
      redeliveryQueues: redelivery,
      apiStage: webhooks.api.deploymentStage,
      alarms: alarms.all,
    });

    new CfnOutput(this, 'VoiceWebhookUrl', {
      value: urls.voice,
      description: 'Twilio: each number\'s voice "A call comes in" webhook (HTTP POST)',
    });
    new CfnOutput(this, 'StatusCallbackUrl', {
      value: urls.status,
      description: "Twilio: each number's voice status callback URL (HTTP POST)",
    });
    new CfnOutput(this, 'MessagingWebhookUrl', {
      value: urls.sms,
      description: 'Twilio: each number\'s messaging "A message comes in" webhook (HTTP POST)',
    });
    // Read by the admin tool (admin/stack-outputs.ts) to find the environment's tables and onboarding number.
    new CfnOutput(this, 'DirectoryTableName', {
      value: tables.directory.tableName,
      description: 'Numbers and clients',
    });
    new CfnOutput(this, 'ActivityTableName', {
      value: tables.activity.tableName,
      description: 'Calls, messages, jobs and sign-ups',
    });
    new CfnOutput(this, 'OnboardingNumber', {
      value: settings.onboardingNumber,
      description: 'The sign-up number the functions were given',
    });
    new CfnOutput(this, 'OnCallTopicArn', {
      value: onCall.topic.topicArn,
      description: 'Every alarm notifies this topic',
    });
    new CfnOutput(this, 'MetricsNamespace', { value: namespace });
    // Read by `admin replay --env` to move dead letters back to their queues.
    new CfnOutput(this, 'StatusRedeliveryQueueArn', { value: redelivery.status.queue.queueArn });
    new CfnOutput(this, 'StatusDeadLetterQueueArn', { value: redelivery.status.deadLetters.queueArn });
    new CfnOutput(this, 'SmsRedeliveryQueueArn', { value: redelivery.sms.queue.queueArn });
    new CfnOutput(this, 'SmsDeadLetterQueueArn', { value: redelivery.sms.deadLetters.queueArn });
    // For on-call: run a job by hand (`aws lambda invoke --function-name <name> out.json`).
    new CfnOutput(this, 'WaitingListFunctionName', {
      value: this.scheduledFunctions.waitlist.functionName,
      description: 'Serves the sign-up waiting list every 5 minutes',
    });
    new CfnOutput(this, 'AuditFunctionName', {
      value: this.scheduledFunctions.audit.functionName,
      description: 'Audits the number directory daily at 07:00 UTC',
    });
  }
}
