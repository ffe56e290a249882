import { SqsJobEvents } from '../adapters/queue/sqs-crm-queue';
import type { JobEvents } from '../ports/job-events';
import { SqsRedeliveryQueue } from '../adapters/queue/sqs-redelivery-queue';
import type { ServiceConfig } from '../config';
import type { RetryingQueue, WiringOptions } from '../wiring';

/**
 * The route's redelivery queue, built once per cold start and shared by the webhook chain, the use cases' settled
 * sends and the consumer's backoff: SQS when deployed (its client loaded at first use), the injected one locally.
 */
export function redeliveryQueue(config: ServiceConfig['redelivery'], options: WiringOptions): RetryingQueue {
  if (options.redeliveryQueue) return options.redeliveryQueue;
  if (options.build?.redeliveryQueue) return options.build.redeliveryQueue(config);
  return new SqsRedeliveryQueue(config.queueUrl);
}

/** Where the webhooks publish job events (issue 19 §5): the CRM queue on SQS when deployed, the injected one locally. */
export function crmQueue(config: ServiceConfig['crmEvents'], options: WiringOptions): JobEvents {
  return options.crmQueue ?? new SqsJobEvents(config.queueUrl);
}
