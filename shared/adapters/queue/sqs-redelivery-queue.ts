import type { QueuedWebhook, RedeliveryQueue } from '../../ports/redelivery-queue';

type SqsModule = typeof import('@aws-sdk/client-sqs');

/**
 * The redelivery queue on SQS: one queue per webhook route, each with its dead-letter queue. The SQS client is loaded
 * at the first enqueue, not at cold start: most invocations never need it, and Twilio is waiting on the cold start.
 */
export class SqsRedeliveryQueue implements RedeliveryQueue {
  private sqs: Promise<{ module: SqsModule; client: InstanceType<SqsModule['SQSClient']> }> | undefined;

  constructor(private readonly queueUrl: string) {}

  async enqueue(webhook: QueuedWebhook): Promise<void> {
    const { module, client } = await this.connect();
    await client.send(new module.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(webhook) }));
  }

  /** Hides a message that failed again for `delaySeconds` (SQS's maximum is 12 hours): the consumer's backoff. */
  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    const { module, client } = await this.connect();
    await client.send(
      new module.ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(delaySeconds, 43_200),
      }),
    );
  }

  private connect() {
    this.sqs ??= import('@aws-sdk/client-sqs').then((module) => ({
      module,
      // Fail fast: a webhook waiting on the queue still has Twilio's 15 s to answer in.
      client: new module.SQSClient({
        requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
        maxAttempts: 3,
      }),
    }));
    return this.sqs;
  }
}
