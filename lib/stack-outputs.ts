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
  redeliveryQueues: Record<'status' | 'sms' | 'crm', RedeliveryQueues>;
  scheduledFunctions: Record<ScheduledJobName, IFunction>;
}

/** What an operator copies into Twilio, and what the admin tool and on-call read from the stack: one row per output. */
export function addStackOutputs(stack: Stack, sources: StackOutputSources): void {
  const { webhookUrls: urls, tables, redeliveryQueues: redelivery, scheduledFunctions: jobs } = sources;
  const outputs: Array<[id: string, value: string, description?: string]> = [
    ['VoiceWebhookUrl', urls.voice, 'Twilio: each number\'s voice "A call comes in" webhook (HTTP POST)'],
    ['StatusCallbackUrl', urls.status, "Twilio: each number's voice status callback URL (HTTP POST)"],
    ['MessagingWebhookUrl', urls.sms, 'Twilio: each number\'s messaging "A message comes in" webhook (HTTP POST)'],
    // Read by the admin tool (admin/stack-outputs.ts) to find the environment's tables and onboarding number.
    ['DirectoryTableName', tables.directory.tableName, 'Numbers and clients'],
    ['ActivityTableName', tables.activity.tableName, 'Calls, messages, jobs and sign-ups'],
    ['OnboardingNumber', sources.onboardingNumber, 'The sign-up number the functions were given'],
    ['OnCallTopicArn', sources.onCallTopic.topicArn, 'Every alarm notifies this topic'],
    ['MetricsNamespace', sources.namespace],
    // Read by `admin replay --env` to move dead letters back to their queues.
    ['StatusRedeliveryQueueArn', redelivery.status.queue.queueArn],
    ['StatusDeadLetterQueueArn', redelivery.status.deadLetters.queueArn],
    ['SmsRedeliveryQueueArn', redelivery.sms.queue.queueArn],
    ['SmsDeadLetterQueueArn', redelivery.sms.deadLetters.queueArn],
    // Issue 19 §5: the CRM queue's dead letters, for the same `admin replay --env`.
    ['CrmEventsQueueArn', redelivery.crm.queue.queueArn],
    ['CrmDeadLetterQueueArn', redelivery.crm.deadLetters.queueArn],
    // For on-call: run a job by hand (`aws lambda invoke --function-name <name> out.json`).
    ['WaitingListFunctionName', jobs.waitlist.functionName, 'Serves the sign-up waiting list every 5 minutes'],
    ['AuditFunctionName', jobs.audit.functionName, 'Audits the number directory daily at 07:00 UTC'],
    [
      'OwnerTextsFunctionName',
      jobs.ownerTexts.functionName,
      'Sends the review requests and Monday digests that are due, every 15 minutes',
    ],
  ];
  for (const [id, value, description] of outputs)
    new CfnOutput(stack, id, { value, ...(description ? { description } : {}) });
}
