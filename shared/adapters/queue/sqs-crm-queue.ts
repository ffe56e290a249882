import type { JobEvent } from '../../ports/job-events';
import type { JobEvents } from '../../ports/job-events';
import { sqsConnection } from './lazy-sqs';

/**
 * Job events onto the CRM queue on SQS (issue 19 §5), from the webhooks. The SQS client is loaded at the first
 * publish (sqsConnection): a business without a CRM webhook never needs it.
 */
export class SqsJobEvents implements JobEvents {
  constructor(private readonly queueUrl: string) {}

  /** At most 1.5 s, retries included: the webhook has answered nothing yet, and a CRM event never holds it up longer. */
  async publish(event: JobEvent): Promise<void> {
    const { module, client } = await sqsConnection();
    await client.send(new module.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(event) }), {
      abortSignal: AbortSignal.timeout(1500),
    });
  }
}

/** The CRM function's side of the queue: publishing too, and hiding a failed event for its backoff. */
export class SqsCrmQueue extends SqsJobEvents {
  constructor(private readonly url: string) {
    super(url);
  }

  /** Hides a message that failed for `delaySeconds` (the visibility timeout, at most 12 hours). */
  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    const { module, client } = await sqsConnection();
    await client.send(
      new module.ChangeMessageVisibilityCommand({
        QueueUrl: this.url,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(delaySeconds, 43_200),
      }),
    );
  }
}
