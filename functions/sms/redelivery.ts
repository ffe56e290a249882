import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createQueueConsumer } from '../../shared/redelivery/queue-consumer';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { metricsFactory, type WiringOptions } from '../../shared/wiring';
import { finishInboundSms, SMS_ROUTE } from './create-handler';
import { wireInboundSms, type InboundSmsConfig } from './wiring';

/** SQS: finishes the inbound texts that could not finish when Twilio delivered them, with the same use case. */
export function createSmsRedelivery(
  config: InboundSmsConfig,
  options: WiringOptions,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const inbound = wireInboundSms(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return createQueueConsumer({
    works: { [SMS_ROUTE]: finishInboundSms(inbound) },
    logger: inbound.logger,
    createMetrics: metricsFactory(config.metrics, options),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: config.redelivery.baseDelaySeconds,
  });
}
