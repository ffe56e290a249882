import { ArnFormat, CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import type { Construct } from 'constructs';
import { DataTables } from './data-tables';
import { stackName, type EnvironmentSettings } from './environments';
import { GradualRollout } from './gradual-rollout';
import { metricsNamespace } from './metric-names';
import { OnCallTopic } from './on-call-topic';
import { ServiceAlarms, type WebhookName } from './service-alarms';
import { ServiceDashboard } from './service-dashboard';
import { TwilioWebhookApi } from './twilio-webhook-api';
import { WebhookFunction } from './webhook-function';

export interface MissedCallTextBackStackProps extends Omit<StackProps, 'env'> {
  settings: EnvironmentSettings;
}

/**
 * What each function may do to each table: exactly the calls its code makes (test/infra/runtime-contract.test.ts
 * runs the handlers and checks every DynamoDB call against these). Voice only reads the directory; status also
 * records calls and contacts; sms also runs jobs and sign-ups and assigns pool numbers in the directory.
 */
const TABLE_ACCESS: Record<WebhookName, { directory: string[]; directoryIndexes?: string[]; activity?: string[] }> = {
  voice: { directory: ['GetItem', 'Query'] },
  status: {
    directory: ['BatchGetItem', 'GetItem', 'Query'],
    activity: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
  },
  sms: {
    directory: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'],
    directoryIndexes: ['byClientId', 'byOwnerPhone'],
    activity: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  },
};
const dynamodb = (actions: string[]) => actions.map((action) => `dynamodb:${action}`);

/** One environment of the service: tables, the three Twilio webhooks behind a REST API, alarms that page, a dashboard. */
export class MissedCallTextBackStack extends Stack {
  readonly settings: EnvironmentSettings;
  readonly functions: Record<WebhookName, WebhookFunction>;

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

    const tables = new DataTables(this, 'Tables', { removalPolicy: settings.removalPolicy, deletionProtection: settings.deletionProtection });
    const webhooks = new TwilioWebhookApi(this, 'Webhooks', {
      apiName: name,
      stageName: settings.name,
      throttling: settings.throttling,
      logRetention: settings.logRetention,
      logRemovalPolicy: settings.removalPolicy,
      customDomain: settings.customDomain,
    });

    // The exact contract of shared/config.ts. The auth token is never here: only the secret's name.
    const environment = {
      DIRECTORY_TABLE: tables.directory.tableName,
      ACTIVITY_TABLE: tables.activity.tableName,
      ONBOARDING_NUMBER: settings.onboardingNumber,
      PUBLIC_BASE_URL: webhooks.publicBaseUrl,
      METRICS_NAMESPACE: namespace,
      TWILIO_SECRET_ID: settings.twilioSecretName,
    };
    const webhookFunction = (webhook: WebhookName, id: string, description: string) =>
      new WebhookFunction(this, id, {
        entry: `functions/${webhook}/handler.ts`,
        description: `${name}: ${description}`,
        environment,
        logRetention: settings.logRetention,
        logRemovalPolicy: settings.removalPolicy,
      });
    this.functions = {
      voice: webhookFunction('voice', 'VoiceFunction', 'answers calls by the role of the number called'),
      status: webhookFunction('status', 'StatusFunction', 'texts back missed callers and notifies owners'),
      sms: webhookFunction('sms', 'SmsFunction', 'stores and forwards inbound texts, runs sign-up'),
    };

    // Least privilege, per TABLE_ACCESS; all three read the Twilio secret and nothing else.
    const twilioSecretArn = this.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      // Secrets Manager appends six random characters to a secret's name in its ARN.
      resourceName: `${settings.twilioSecretName}-??????`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    for (const [webhook, access] of Object.entries(TABLE_ACCESS) as Array<[WebhookName, (typeof TABLE_ACCESS)[WebhookName]]>) {
      const fn = this.functions[webhook];
      fn.addToRolePolicy(new PolicyStatement({ actions: dynamodb(access.directory), resources: [tables.directory.tableArn] }));
      if (access.directoryIndexes) {
        const indexArns = access.directoryIndexes.map((index) => `${tables.directory.tableArn}/index/${index}`);
        fn.addToRolePolicy(new PolicyStatement({ actions: dynamodb(['Query']), resources: indexArns }));
      }
      if (access.activity) fn.addToRolePolicy(new PolicyStatement({ actions: dynamodb(access.activity), resources: [tables.activity.tableArn] }));
      fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [twilioSecretArn] }));
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
        reason: 'CodeDeploy\'s AWS-maintained role policy for Lambda traffic shifting: it only reads alarms and updates aliases.',
      });
      // Twilio calls the alias, so CodeDeploy's shift decides which version answers.
      return webhooks.addRoute(webhook, rollout.alias);
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
      apiStage: webhooks.api.deploymentStage,
      alarms: alarms.all,
    });

    new CfnOutput(this, 'VoiceWebhookUrl', { value: urls.voice, description: 'Twilio: each number\'s voice "A call comes in" webhook (HTTP POST)' });
    new CfnOutput(this, 'StatusCallbackUrl', { value: urls.status, description: 'Twilio: each number\'s voice status callback URL (HTTP POST)' });
    new CfnOutput(this, 'MessagingWebhookUrl', { value: urls.sms, description: 'Twilio: each number\'s messaging "A message comes in" webhook (HTTP POST)' });
    // Read by the admin tool (admin/stack-outputs.ts) to find the environment's tables and onboarding number.
    new CfnOutput(this, 'DirectoryTableName', { value: tables.directory.tableName, description: 'Numbers and clients' });
    new CfnOutput(this, 'ActivityTableName', { value: tables.activity.tableName, description: 'Calls, messages, jobs and sign-ups' });
    new CfnOutput(this, 'OnboardingNumber', { value: settings.onboardingNumber, description: 'The sign-up number the functions were given' });
    new CfnOutput(this, 'OnCallTopicArn', { value: onCall.topic.topicArn, description: 'Every alarm notifies this topic' });
    new CfnOutput(this, 'MetricsNamespace', { value: namespace });
  }
}
