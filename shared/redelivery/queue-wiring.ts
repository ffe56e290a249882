import { createSqsClient } from '../adapters/queue/sqs-client';
import { SqsRedeliveryQueue } from '../adapters/queue/sqs-redelivery-queue';
import type { ServiceConfig } from '../config';
import type { RetryingQueue, WiringOptions } from '../wiring';

/** The route's redelivery queue: SQS when deployed, the injected one locally. Only status and SMS load the SQS client. */
export function redeliveryQueue(config: ServiceConfig['redelivery'], options: WiringOptions): RetryingQueue {
  return options.redeliveryQueue ?? new SqsRedeliveryQueue(createSqsClient(), config.queueUrl);
}
