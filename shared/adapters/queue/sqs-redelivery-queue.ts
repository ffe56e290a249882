import type { QueuedWebhook, RedeliveryQueue } from '../../ports/redelivery-queue';
import type { QueuedSend, SendQueue } from '../../ports/send-queue';
import { sqsConnection } from './lazy-sqs';

/** A queued text's first attempt waits this long (SQS allows up to 900 s). */
const SEND_DELAY_SECONDS = 10;

/**
 * The redelivery queue on SQS: one queue per webhook route, each with its dead-letter queue. The SQS client is loaded
 * at the first enqueue, not at cold start: most invocations never need it, and Twilio is waiting on the cold start.
 */
export class SqsRedeliveryQueue implements RedeliveryQueue, SendQueue {
  constructor(private readonly queueUrl: string) {}

  async enqueue(webhook: QueuedWebhook): Promise<void> {
    const { module, client } = await sqsConnection();
    await client.send(new module.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(webhook) }));
  }

  /**
   * A text to send again, first after a short delay: the webhook writes the record that names it just after queueing
   * it, and Twilio's own trouble is rarely over within seconds.
   */
  async enqueueSend(send: QueuedSend): Promise<void> {
    const { module, client } = await sqsConnection();
    await client.send(
      new module.SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(send),
        DelaySeconds: SEND_DELAY_SECONDS,
      }),
    );
  }

  /** Hides a message that failed again for `delaySeconds` (SQS's maximum is 12 hours): the consumer's backoff. */
  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    const { module, client } = await sqsConnection();
    await client.send(
      new module.ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(delaySeconds, 43_200),
      }),
    );
  }
}
