import { CfnOutput, type Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { DataTables } from './data-tables';
import type { RedeliveryQueues } from './redelivery-queues';
import type { ScheduledJobName } from './scheduled-job';
import type { WebhookName } from './alarm-table';

export interface StackOutputSources {
  webhookUrls: Record<WebhookName, string>;
  tables: DataTables;
  onboardingNumber: string;
  onCallTopic: ITopic;
  namespace: string;
  redeliveryQueues: Record<'status' | 'sms', RedeliveryQueues>;
  scheduledFunctions: Record<ScheduledJobName, IFunction>;
}

/** What an operator copies into Twilio, and what the admin tool and on-call read from the stack. */
export function addStackOutputs(stack: Stack, sources: StackOutputSources): void {
  const { webhookUrls: urls, tables, redeliveryQueues: redelivery } = sources;
  new CfnOutput(stack, 'VoiceWebhookUrl', {
    value: urls.voice,
    description: 'Twilio: each number\'s voice "A call comes in" webhook (HTTP POST)',
  });
  new CfnOutput(stack, 'StatusCallbackUrl', {
    value: urls.status,
    description: "Twilio: each number's voice status callback URL (HTTP POST)",
  });
  new CfnOutput(stack, 'MessagingWebhookUrl', {
    value: urls.sms,
    description: 'Twilio: each number\'s messaging "A message comes in" webhook (HTTP POST)',
  });
  // Read by the admin tool (admin/stack-outputs.ts) to find the environment's tables and onboarding number.
  new CfnOutput(stack, 'DirectoryTableName', {
    value: tables.directory.tableName,
    description: 'Numbers and clients',
  });
  new CfnOutput(stack, 'ActivityTableName', {
    value: tables.activity.tableName,
    description: 'Calls, messages, jobs and sign-ups',
  });
  new CfnOutput(stack, 'OnboardingNumber', {
    value: sources.onboardingNumber,
    description: 'The sign-up number the functions were given',
  });
  new CfnOutput(stack, 'OnCallTopicArn', {
    value: sources.onCallTopic.topicArn,
    description: 'Every alarm notifies this topic',
  });
  new CfnOutput(stack, 'MetricsNamespace', { value: sources.namespace });
  // Read by `admin replay --env` to move dead letters back to their queues.
  new CfnOutput(stack, 'StatusRedeliveryQueueArn', { value: redelivery.status.queue.queueArn });
  new CfnOutput(stack, 'StatusDeadLetterQueueArn', { value: redelivery.status.deadLetters.queueArn });
  new CfnOutput(stack, 'SmsRedeliveryQueueArn', { value: redelivery.sms.queue.queueArn });
  new CfnOutput(stack, 'SmsDeadLetterQueueArn', { value: redelivery.sms.deadLetters.queueArn });
  // For on-call: run a job by hand (`aws lambda invoke --function-name <name> out.json`).
  new CfnOutput(stack, 'WaitingListFunctionName', {
    value: sources.scheduledFunctions.waitlist.functionName,
    description: 'Serves the sign-up waiting list every 5 minutes',
  });
  new CfnOutput(stack, 'AuditFunctionName', {
    value: sources.scheduledFunctions.audit.functionName,
    description: 'Audits the number directory daily at 07:00 UTC',
  });
}
