import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverCrmEvent, type DeliverCrmEventDeps } from '../../shared/domain/crm/deliver-crm-event';
import type { Logger } from '../../shared/ports/logger';
import type { FlushableMetrics } from '../../shared/ports/metrics';
import { backoffSeconds } from '../../shared/redelivery/queue-consumer';
import { MetricName } from '../../shared/metric-names';

export interface CrmConsumerDeps {
  deliver: Omit<DeliverCrmEventDeps, 'metrics'>;
  logger: Logger;
  createMetrics: () => FlushableMetrics;
  /** Hides a failed event for its backoff (SQS: the visibility timeout); best effort. */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
  /** First retry after this many seconds, doubling per attempt, at most 15 minutes. */
  baseDelaySeconds: number;
  /** The queue's maxReceiveCount: a failed attempt this late is the last, and SQS dead-letters the event. */
  maxAttempts: number;
}

/**
 * SQS: the CRM queue's consumer (issue 19 §5). Each job event of the batch is delivered at once (a slow CRM holds up
 * no other); a failed one is reported back alone (batch item failure), hidden for its backoff, and after the queue's
 * maxReceiveCount goes to the dead-letter queue, whose depth pages, and `admin replay` moves it back.
 */
export function createCrmConsumer(deps: CrmConsumerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const metrics = deps.createMetrics();
    try {
      const outcomes = await Promise.all(
        event.Records.map(async (record) => {
          const outcome = await deliverCrmEvent(record.body, { ...deps.deliver, metrics }).catch((error: unknown) => {
            deps.logger.error('CRM event not delivered: retried later', { error: String(error) });
            return 'failed' as const;
          });
          if (outcome !== 'failed') return undefined;
          const attempt = Number(record.attributes?.ApproximateReceiveCount ?? '1');
          if (attempt >= deps.maxAttempts) {
            metrics.count(MetricName.CRM_DEAD_LETTERED);
            deps.logger.error('job event failed its last attempt: dead-lettered', {
              messageId: record.messageId,
              attempt,
            });
          }
          await deps
            .retryLater(record.receiptHandle, backoffSeconds(attempt, deps.baseDelaySeconds))
            .catch((error: unknown) =>
              deps.logger.warn('could not delay the retry: the queue timeout applies', { error: String(error) }),
            );
          return { itemIdentifier: record.messageId };
        }),
      );
      return { batchItemFailures: outcomes.filter((failure) => failure !== undefined) };
    } finally {
      await metrics
        .flush()
        .catch((error: unknown) => deps.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
}
