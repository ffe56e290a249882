import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ServiceConfig } from '../config';
import {
  functionClients,
  metricsFactory,
  type FunctionClients,
  type RetryingQueue,
  type WiringOptions,
} from '../wiring';
import { createQueueConsumer, type WebhookWork } from './queue-consumer';
import { redeliveryQueue } from './queue-wiring';
import { queuedSendWork } from './send-wiring';

export type RedeliveryConsumerConfig = Pick<
  ServiceConfig,
  'dynamodb' | 'activity' | 'twilio' | 'metrics' | 'redelivery'
>;

/** A function's routes as its consumer finishes them: their work, on the consumer's clients and queue. */
export type RouteWorks = (clients: FunctionClients, queue: RetryingQueue) => Record<string, WebhookWork>;

/**
 * SQS: a webhook function's redelivery consumer. It finishes the webhooks that could not finish when Twilio delivered
 * them, with the same work their routes run (parameters read into the use case's input, then the use case), and sends
 * the texts Twilio failed to take for them (finishQueuedSend). No HTTP edge: the parameters were signature-checked
 * before they were queued. One client of each kind, built once per cold start: one DynamoDB document client, one
 * Twilio sender, one queue (one SQS client).
 */
export function createRedeliveryConsumer(
  config: RedeliveryConsumerConfig,
  options: WiringOptions,
  routes: RouteWorks,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const clients = functionClients(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return createQueueConsumer({
    works: routes(clients, queue),
    logger: clients.logger,
    createMetrics: metricsFactory(config.metrics, options),
    send: queuedSendWork(config, clients),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: config.redelivery.baseDelaySeconds,
  });
}
