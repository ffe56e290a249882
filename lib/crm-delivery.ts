import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { RedeliveryQueues } from './redelivery-queues';

/**
 * Issue 19 §5: deliveries to a business's CRM before its event is dead-lettered. With the CRM function's backoff
 * (30 s doubling, at most 15 minutes) that is about 45 minutes of retries. The crm function counts its last attempt
 * by the same number (CRM_MAX_ATTEMPTS in functions/crm/wiring.ts; test/infra/stack.test.ts keeps them equal).
 */
export const CRM_MAX_RECEIVE_COUNT = 8;

/** The CRM queue (job events for the businesses' CRMs) and its dead-letter queue, encrypted, TLS only, kept 14 days. */
export function crmEventQueues(
  scope: Construct,
  props: { removalPolicy: RemovalPolicy; consumerTimeout: Duration },
): RedeliveryQueues {
  return new RedeliveryQueues(scope, 'CrmEvents', { ...props, maxReceiveCount: CRM_MAX_RECEIVE_COUNT });
}

/**
 * The CRM function consumes the queue; the webhooks and their redelivery consumers (which run the same use cases)
 * may only send to it. Nothing else reaches it.
 */
export function connectCrmQueue(queues: RedeliveryQueues, consumer: IFunction, publishers: IFunction[]): void {
  queues.attachConsumer(consumer);
  for (const publisher of publishers) queues.allowSending(publisher);
}

/** How long the CRM function may run: its POSTs run at once, each within 5 s (CRM_POST_TIMEOUT_MS). */
export const CRM_FUNCTION_TIMEOUT = Duration.seconds(30);
