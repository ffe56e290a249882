import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedWebhook, RedeliveryQueue } from '../../ports/redelivery-queue';

/** The redelivery queue on SQS: one queue per webhook route, each with its dead-letter queue. */
export class SqsRedeliveryQueue implements RedeliveryQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(webhook: QueuedWebhook): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(webhook) }));
  }

  /** Hides a message that failed again for `delaySeconds` (SQS's maximum is 12 hours): the consumer's backoff. */
  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.min(delaySeconds, 43_200) }),
    );
  }
}
