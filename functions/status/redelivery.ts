import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createQueueConsumer } from '../../shared/redelivery/queue-consumer';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { metricsFactory, type WiringOptions } from '../../shared/wiring';
import { finishCallStatus, STATUS_ROUTE } from './create-handler';
import { wireMissedCall, type MissedCallConfig } from './wiring';

/** SQS: finishes the status callbacks that could not finish when Twilio delivered them, with the same use case. */
export function createStatusRedelivery(config: MissedCallConfig, options: WiringOptions): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const missedCall = wireMissedCall(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return createQueueConsumer({
    route: STATUS_ROUTE,
    work: finishCallStatus(missedCall),
    logger: missedCall.logger,
    createMetrics: metricsFactory(config.metrics, options),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: config.redelivery.baseDelaySeconds,
  });
}
