import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface RedeliveryQueuesProps {
  removalPolicy: RemovalPolicy;
  /** Attempts before a webhook goes to the dead-letter queue (the consumer backs off between them). */
  maxReceiveCount: number;
  /** The consumer's timeout: the queue hides a message at least six times as long, as Lambda advises. */
  consumerTimeout: Duration;
}

/**
 * The durable redelivery queue of one webhook route (status or SMS) and its dead-letter queue: both encrypted, TLS
 * only, the dead letters kept 14 days (SQS's maximum) for `admin replay`.
 */
export class RedeliveryQueues extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: RedeliveryQueuesProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A webhook waits at most this long in the queue: well past any DynamoDB or Twilio outage we retry through.
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: props.removalPolicy,
    });
  }

  /** The webhook function puts what it cannot finish on the queue; nothing else. */
  allowSending(fn: IFunction): void {
    this.queue.grantSendMessages(fn);
  }

  /** The consumer reads the queue, reports failures per message, and may delay a message (backoff). */
  attachConsumer(fn: IFunction): void {
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true }));
  }
}
