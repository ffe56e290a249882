import { SqsRedeliveryQueue } from '../adapters/queue/sqs-redelivery-queue';
import type { ServiceConfig } from '../config';
import type { RetryingQueue, WiringOptions } from '../wiring';

/** The route's redelivery queue: SQS when deployed (its client loaded at first use), the injected one locally. */
export function redeliveryQueue(config: ServiceConfig['redelivery'], options: WiringOptions): RetryingQueue {
  return options.redeliveryQueue ?? new SqsRedeliveryQueue(config.queueUrl);
}
