import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WebhookName } from './alarm-table';
import { DataTables } from './data-tables';
import { stackName, type EnvironmentSettings } from './environments';
import { grantFunctionAccess } from './function-access';
import { functionEnvironment } from './function-environment';
import { GradualRollout } from './gradual-rollout';
import { metricsNamespace } from '../shared/metric-names';
import { OnCallTopic } from './on-call-topic';
import { ScheduledJob, type ScheduledJobName } from './scheduled-job';
import { ServiceAlarms } from './service-alarms';
import { ServiceDashboard } from './service-dashboard';
import { addStackOutputs } from './stack-outputs';
import { TwilioWebhookApi } from './twilio-webhook-api';
import { RedeliveryQueues } from './redelivery-queues';
import { ServiceFunction } from './service-function';
import { ROUTES_BY_FUNCTION } from '../shared/webhook-routes';
import type { FunctionName } from '../shared/function-settings';

export interface MissedCallTextBackStackProps extends Omit<StackProps, 'env'> {
  settings: EnvironmentSettings;
}

/** The waiting list is served this often; its runs must finish well within it. */
const WAITING_LIST_RATE = Duration.minutes(5);
/** Issue 19: held review requests go out within this of 08:00, the Monday digest within this of its hour. */
const OWNER_TEXTS_RATE = Duration.minutes(15);
/** A redelivery consumer's timeout; its queue hides a message six times as long. */
const CONSUMER_TIMEOUT = Duration.seconds(30);

type CreateFunction = (
  handler: FunctionName,
  id: string,
  description: string,
  overrides?: { timeout?: Duration; retryAttempts?: number; entry?: string },
) => ServiceFunction;

/**
 * One environment of the service: tables, the three Twilio webhooks behind a REST API, the two scheduled jobs
 * (waiting list, daily audit), the redelivery queues and their consumers, alarms that page, a dashboard.
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
    const redelivery = {
      status: this.redeliveryQueue('StatusRedelivery'),
      sms: this.redeliveryQueue('SmsRedelivery'),
    };

    const createFunction = this.functionFactory(name, namespace, tables, webhooks.publicBaseUrl, redelivery);
    this.functions = {
      voice: createFunction('voice', 'VoiceFunction', 'answers calls by the role of the number called'),
      status: createFunction('status', 'StatusFunction', 'texts back missed callers and notifies owners'),
      sms: createFunction('sms', 'SmsFunction', 'stores and forwards inbound texts, runs sign-up'),
    };
    this.scheduledFunctions = scheduledFunctions(createFunction);
    this.redeliveryFunctions = this.redeliveryConsumers(createFunction, redelivery);
    this.redeliveryQueues = redelivery;
    this.schedules = this.scheduleJobs(name);
    grantFunctionAccess(
      this,
      { ...this.functions, ...this.scheduledFunctions, ...this.redeliveryFunctions },
      tables,
      settings.twilioSecretName,
    );

    const alarms = this.pageOnCall(name, namespace, redelivery, webhooks);
    const webhookUrls = this.rollOut(name, webhooks, alarms);

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
    addStackOutputs(this, {
      webhookUrls,
      tables,
      onboardingNumber: settings.onboardingNumber,
      onCallTopic: alarms.topic,
      namespace,
      redeliveryQueues: redelivery,
      scheduledFunctions: this.scheduledFunctions,
    });
  }

  /** Builds a function with the house defaults and exactly the settings its code reads. */
  private functionFactory(
    name: string,
    namespace: string,
    tables: DataTables,
    publicBaseUrl: string,
    redelivery: Record<'status' | 'sms', RedeliveryQueues>,
  ): CreateFunction {
    const settings = this.settings;
    const environmentOf = functionEnvironment({
      settings,
      tables,
      publicBaseUrl,
      namespace,
      queueOf: {
        status: redelivery.status,
        statusRedelivery: redelivery.status,
        sms: redelivery.sms,
        smsRedelivery: redelivery.sms,
      },
    });
    return (handler, id, description, overrides = {}) =>
      new ServiceFunction(this, id, {
        entry: `functions/${handler}/handler.ts`,
        description: `${name}: ${description}`,
        environment: environmentOf(handler),
        logRetention: settings.logRetention,
        logRemovalPolicy: settings.removalPolicy,
        servedCallingCodes: settings.servedCallingCodes,
        ...overrides,
      });
  }

  /** The on-call topic, and every alarm of lib/alarm-table.ts notifying it. */
  private pageOnCall(
    name: string,
    namespace: string,
    redelivery: Record<'status' | 'sms', RedeliveryQueues>,
    webhooks: TwilioWebhookApi,
  ): ServiceAlarms {
    const settings = this.settings;
    const onCall = new OnCallTopic(this, 'OnCall', {
      onCall: settings.onCall,
      displayName: `${name} on-call`,
      alarmNamePrefix: name,
      removalPolicy: settings.removalPolicy,
    });
    return new ServiceAlarms(this, 'Alarms', {
      namespace,
      alarmNamePrefix: name,
      thresholds: settings.alarms,
      topic: onCall.topic,
      functions: this.functions,
      scheduledFunctions: this.scheduledFunctions,
      deadLetterQueues: { status: redelivery.status.deadLetters, sms: redelivery.sms.deadLetters },
      apiStage: webhooks.api.deploymentStage,
    });
  }

  private redeliveryQueue(id: string): RedeliveryQueues {
    return new RedeliveryQueues(this, id, {
      removalPolicy: this.settings.removalPolicy,
      maxReceiveCount: this.settings.redelivery.maxReceiveCount,
      consumerTimeout: CONSUMER_TIMEOUT,
    });
  }

  /**
   * The consumers finish what the status and SMS webhooks queued, with the same use cases; reserved concurrency keeps
   * a backlog from outrunning Twilio's API concurrency or starving the webhooks.
   */
  private redeliveryConsumers(
    createFunction: CreateFunction,
    redelivery: Record<'status' | 'sms', RedeliveryQueues>,
  ): Record<'statusRedelivery' | 'smsRedelivery', ServiceFunction> {
    const consumers = {
      statusRedelivery: createFunction(
        'statusRedelivery',
        'StatusRedeliveryFunction',
        'finishes queued status callbacks',
        {
          entry: 'functions/status/redelivery-handler.ts',
          timeout: CONSUMER_TIMEOUT,
        },
      ),
      smsRedelivery: createFunction('smsRedelivery', 'SmsRedeliveryFunction', 'finishes queued inbound texts', {
        entry: 'functions/sms/redelivery-handler.ts',
        timeout: CONSUMER_TIMEOUT,
      }),
    };
    for (const fn of Object.values(consumers)) {
      (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = this.settings.redelivery.consumerConcurrency;
    }
    redelivery.status.allowSending(this.functions.status);
    redelivery.status.attachConsumer(consumers.statusRedelivery);
    // A webhook the consumer finishes may queue a text Twilio failed to take, as the webhook itself would.
    redelivery.status.allowSending(consumers.statusRedelivery);
    redelivery.sms.allowSending(this.functions.sms);
    redelivery.sms.attachConsumer(consumers.smsRedelivery);
    redelivery.sms.allowSending(consumers.smsRedelivery);
    return consumers;
  }

  private scheduleJobs(name: string): Record<ScheduledJobName, ScheduledJob> {
    return {
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
      ownerTexts: new ScheduledJob(this, 'OwnerTextsSchedule', {
        fn: this.scheduledFunctions.ownerTexts,
        schedule: Schedule.rate(OWNER_TEXTS_RATE),
        description: `${name}: send the review requests and Monday digests that are due, every ${OWNER_TEXTS_RATE.toMinutes()} minutes`,
        maxEventAge: OWNER_TEXTS_RATE, // an undelivered tick gives way to the next, which catches up
      }),
    };
  }

  /** Each webhook's routes on the API, through its live alias, which CodeDeploy shifts and rolls back on its alarms. */
  private rollOut(name: string, webhooks: TwilioWebhookApi, alarms: ServiceAlarms): Record<WebhookName, string> {
    const application = new LambdaApplication(this, 'Deployments', { applicationName: name });
    const route = (webhook: WebhookName, id: string) => {
      const rollout = new GradualRollout(this, id, {
        fn: this.functions[webhook],
        application,
        strategy: this.settings.rollout,
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
    return {
      voice: route('voice', 'VoiceRollout'),
      status: route('status', 'StatusRollout'),
      sms: route('sms', 'SmsRollout'),
    };
  }
}

function scheduledFunctions(createFunction: CreateFunction): Record<ScheduledJobName, ServiceFunction> {
  return {
    // No retry of a failed run: the next one is 5 minutes later, and a retry could overlap it.
    waitlist: createFunction('waitlist', 'WaitingListFunction', 'gives owners on the waiting list their numbers', {
      timeout: Duration.minutes(1),
      retryAttempts: 0,
    }),
    // Issue 19: no retry of a failed run either: the next one, 15 minutes later, finds everything still due.
    ownerTexts: createFunction('ownerTexts', 'OwnerTextsFunction', 'sends review requests and Monday digests', {
      entry: 'functions/owner-texts/handler.ts',
      timeout: Duration.minutes(1),
      retryAttempts: 0,
    }),
    // A whole-table scan: minutes, not seconds, for a large directory. A failed run is retried twice.
    audit: createFunction('audit', 'AuditFunction', 'audits the number directory daily', {
      timeout: Duration.minutes(5),
      retryAttempts: 2,
    }),
  };
}
