import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { TargetError } from './admin-io';

/** The deployed stack of an environment, by convention. The CDK stack exports these outputs. */
export function stackName(env: string): string {
  return `MissedCallTextBack-${env}`;
}

export const STACK_OUTPUTS = {
  directoryTable: 'DirectoryTableName',
  activityTable: 'ActivityTableName',
  onboardingNumber: 'OnboardingNumber',
  voiceWebhookUrl: 'VoiceWebhookUrl',
  statusQueueArn: 'StatusRedeliveryQueueArn',
  statusDeadLettersArn: 'StatusDeadLetterQueueArn',
  smsQueueArn: 'SmsRedeliveryQueueArn',
  smsDeadLettersArn: 'SmsDeadLetterQueueArn',
  crmQueueArn: 'CrmEventsQueueArn',
  crmDeadLettersArn: 'CrmDeadLetterQueueArn',
  statusCallbackUrl: 'StatusCallbackUrl',
  messagingWebhookUrl: 'MessagingWebhookUrl',
} as const;

const REQUIRED_OUTPUTS = [STACK_OUTPUTS.directoryTable, STACK_OUTPUTS.activityTable, STACK_OUTPUTS.onboardingNumber];

export interface StackOutputs {
  directoryTable: string;
  activityTable: string;
  onboardingNumber: string;
  /** The public base of the webhooks (VoiceWebhookUrl without `/twilio/voice`), for `simulate --env`. */
  webhookBaseUrl?: string;
  /** Each route's redelivery queue and dead-letter queue, for `replay --env`. */
  redelivery?: Array<{ route: string; queueArn: string; deadLetterQueueArn: string }>;
  /** The three webhook URLs exactly as the stack exports them, for `numbers wire --env` and the audit's Twilio check. */
  webhookUrls?: { voice: string; status: string; sms: string };
}

/** Reads the environment's stack outputs with the normal AWS credential chain (or `--profile`). */
export async function readStackOutputs(env: string, aws: { region?: string; profile?: string }): Promise<StackOutputs> {
  const name = stackName(env);
  const client = new CloudFormationClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.profile ? { profile: aws.profile } : {}),
  });
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = new Map((Stacks[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
    const read = (key: string) => {
      const value = outputs.get(key);
      if (!value)
        throw new TargetError(
          `stack ${name} has no output ${key}: deploy the current stack, which exports ${REQUIRED_OUTPUTS.join(', ')}`,
        );
      return value;
    };
    const voiceWebhookUrl = outputs.get(STACK_OUTPUTS.voiceWebhookUrl);
    const queues = (
      [
        ['/twilio/status', STACK_OUTPUTS.statusQueueArn, STACK_OUTPUTS.statusDeadLettersArn],
        ['/twilio/sms', STACK_OUTPUTS.smsQueueArn, STACK_OUTPUTS.smsDeadLettersArn],
        // Issue 19 §5: job events for the businesses' CRMs.
        ['crm', STACK_OUTPUTS.crmQueueArn, STACK_OUTPUTS.crmDeadLettersArn],
      ] as const
    ).flatMap(([route, queue, deadLetters]) => {
      const queueArn = outputs.get(queue);
      const deadLetterQueueArn = outputs.get(deadLetters);
      return queueArn && deadLetterQueueArn ? [{ route, queueArn, deadLetterQueueArn }] : [];
    });
    const statusCallbackUrl = outputs.get(STACK_OUTPUTS.statusCallbackUrl);
    const messagingWebhookUrl = outputs.get(STACK_OUTPUTS.messagingWebhookUrl);
    return {
      ...(queues.length > 0 ? { redelivery: queues } : {}),
      directoryTable: read(STACK_OUTPUTS.directoryTable),
      activityTable: read(STACK_OUTPUTS.activityTable),
      onboardingNumber: read(STACK_OUTPUTS.onboardingNumber),
      ...(voiceWebhookUrl ? { webhookBaseUrl: voiceWebhookUrl.replace(/\/twilio\/voice\/?$/, '') } : {}),
      ...(voiceWebhookUrl && statusCallbackUrl && messagingWebhookUrl
        ? { webhookUrls: { voice: voiceWebhookUrl, status: statusCallbackUrl, sms: messagingWebhookUrl } }
        : {}),
    };
  } catch (error) {
    if (error instanceof TargetError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/does not exist/i.test(message))
      throw new TargetError(
        `stack ${name} not found${aws.region ? ` in ${aws.region}` : ''}: check --env, --region and --profile`,
      );
    throw new TargetError(`cannot read stack ${name}: ${message}`);
  } finally {
    client.destroy();
  }
}
