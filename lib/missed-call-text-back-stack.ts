import { Duration, Lazy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WebhookName } from './alarm-table';
import { DataTables } from './data-tables';
import { stackName, type EnvironmentSettings } from './environments';
import { grantFunctionAccess } from './function-access';
import { connectSignupFunction, SIGNUP_TIMEOUT } from './signup-function';
import { functionEnvironment } from './function-environment';
import { GradualRollout } from './gradual-rollout';
import { metricsNamespace } from '../shared/metric-names';
import { OnCallTopic } from './on-call-topic';
import type { ScheduledJob, ScheduledJobName } from './scheduled-job';
import { scheduledFunctions, scheduleJobs } from './scheduled-jobs';
import { ServiceAlarms } from './service-alarms';
import { ServiceDashboard } from './service-dashboard';
import { addStackOutputs } from './stack-outputs';
import { TwilioWebhookApi } from './twilio-webhook-api';
import { RedeliveryQueues } from './redelivery-queues';
import { connectCrmQueue, CRM_FUNCTION_TIMEOUT, crmEventQueues } from './crm-delivery';
import { ServiceFunction, type CreateFunction } from './service-function';
import { ROUTES_BY_FUNCTION } from '../shared/webhook-routes';

export interface MissedCallTextBackStackProps extends Omit<StackProps, 'env'> {
  settings: EnvironmentSettings;
}

/** A redelivery consumer's timeout; its queue hides a message six times as long. */
const CONSUMER_TIMEOUT = Duration.seconds(30);

/**
 * One environment of the service: tables, the three Twilio webhooks behind a REST API, the sign-up function the SMS
 * webhook hands onboarding texts to, the two scheduled jobs (waiting list, daily audit), the redelivery queues and their consumers, alarms that page, a dashboard.
 */
export class MissedCallTextBackStack extends Stack {
  readonly settings: EnvironmentSettings;
  readonly functions: Record<WebhookName, ServiceFunction>;
  readonly scheduledFunctions: Record<ScheduledJobName, ServiceFunction>;
  readonly schedules: Record<ScheduledJobName, ScheduledJob>;
  readonly redeliveryFunctions: Record<'statusRedelivery' | 'smsRedelivery', ServiceFunction>;
  readonly redeliveryQueues: Record<'status' | 'sms', RedeliveryQueues>;
  /** Issue 19 §5: job events for the businesses' CRMs, and the function that delivers them. */
  readonly crmQueue: RedeliveryQueues;
  readonly crmFunction: ServiceFunction;
  /** The sign-up conversation, invoked only by the SMS function and its consumer (no API route). */
  readonly signupFunction: ServiceFunction;

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
    const webhooks = this.webhookApi(name);
    const redelivery = {
      status: this.redeliveryQueue('StatusRedelivery'),
      sms: this.redeliveryQueue('SmsRedelivery'),
    };
    this.crmQueue = crmEventQueues(this, { removalPolicy: settings.removalPolicy, consumerTimeout: CONSUMER_TIMEOUT });

    const createFunction = this.functionFactory(name, namespace, tables, webhooks.publicBaseUrl, redelivery);
    const signup = 'runs the sign-up conversation on the onboarding number';
    this.signupFunction = createFunction('signup', 'SignupFunction', signup, { timeout: SIGNUP_TIMEOUT });
    this.functions = {
      voice: createFunction('voice', 'VoiceFunction', 'answers calls by the role of the number called'),
      status: createFunction('status', 'StatusFunction', 'texts back missed callers and notifies owners'),
      sms: createFunction('sms', 'SmsFunction', 'stores and forwards inbound texts, hands sign-up on'),
    };
    this.scheduledFunctions = scheduledFunctions(createFunction);
    this.redeliveryFunctions = this.redeliveryConsumers(createFunction, redelivery);
    this.redeliveryQueues = redelivery;
    this.crmFunction = this.crmDelivery(createFunction);
    this.schedules = scheduleJobs(this, name, this.scheduledFunctions);
    grantFunctionAccess(
      this,
      {
        ...this.functions,
        ...this.scheduledFunctions,
        ...this.redeliveryFunctions,
        crm: this.crmFunction,
        signup: this.signupFunction,
      },
      tables,
      settings.twilioSecretName,
    );
    connectSignupFunction(
      this.signupFunction,
      [this.functions.sms, this.redeliveryFunctions.smsRedelivery],
      redelivery.sms,
    );

    const alarms = this.pageOnCall(name, namespace, redelivery, webhooks);
    const webhookUrls = this.rollOut(name, webhooks, alarms);

    new ServiceDashboard(this, 'Monitoring', {
      dashboardName: name,
      environmentName: settings.name,
      namespace,
      functions: this.functions,
      scheduledFunctions: this.scheduledFunctions,
      signupFunction: this.signupFunction,
      redeliveryQueues: { ...redelivery, crm: this.crmQueue },
      apiStage: webhooks.api.deploymentStage,
      alarms: alarms.all,
    });
    addStackOutputs(this, {
      webhookUrls,
      tables,
      onboardingNumber: settings.onboardingNumber,
      onCallTopic: alarms.topic,
      namespace,
      redeliveryQueues: { ...redelivery, crm: this.crmQueue },
      scheduledFunctions: this.scheduledFunctions,
    });
  }

  /** The REST API Twilio posts to, throttled per route. */
  private webhookApi(name: string): TwilioWebhookApi {
    const settings = this.settings;
    return new TwilioWebhookApi(this, 'Webhooks', {
      apiName: name,
      stageName: settings.name,
      throttling: settings.throttling,
      routeThrottling: settings.routeThrottling,
      logRetention: settings.logRetention,
      logRemovalPolicy: settings.removalPolicy,
      customDomain: settings.customDomain,
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
        signup: redelivery.sms,
      },
      crmQueue: this.crmQueue,
      // Resolved at synth: the function is created with this factory, before its invokers.
      signupFunctionName: Lazy.string({ produce: () => this.signupFunction.functionName }),
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

  /** Issue 19 §5: the function that delivers job events to the businesses' CRMs, and who may publish them. */
  private crmDelivery(createFunction: CreateFunction): ServiceFunction {
    const fn = createFunction('crm', 'CrmFunction', "delivers job events to the businesses' CRM webhooks", {
      timeout: CRM_FUNCTION_TIMEOUT,
    });
    connectCrmQueue(this.crmQueue, fn, [
      ...Object.values(this.functions).filter((webhook) => webhook !== this.functions.voice),
      ...Object.values(this.redeliveryFunctions),
    ]);
    return fn;
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
      crm: { fn: this.crmFunction, deadLetters: this.crmQueue.deadLetters },
      signupFunction: this.signupFunction,
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
