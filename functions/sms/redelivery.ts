import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createQueueConsumer } from '../../shared/redelivery/queue-consumer';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { queuedSendWork } from '../../shared/redelivery/send-wiring';
import { metricsFactory, twilioCredentials, type WiringOptions } from '../../shared/wiring';
import { finishInboundSms, SMS_ROUTE } from './create-handler';
import { wireInboundSms, type InboundSmsConfig } from './wiring';

/**
 * SQS: finishes the inbound texts that could not finish when Twilio delivered them, with the same use case, and sends
 * the texts Twilio failed to take for them.
 */
export function createSmsRedelivery(
  config: InboundSmsConfig,
  options: WiringOptions,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const credentials = twilioCredentials(config.twilio, options);
  const inbound = wireInboundSms(config, options, credentials);
  const queue = redeliveryQueue(config.redelivery, options);
  return createQueueConsumer({
    works: { [SMS_ROUTE]: finishInboundSms(inbound) },
    logger: inbound.logger,
    createMetrics: metricsFactory(config.metrics, options),
    send: queuedSendWork(config, options, credentials),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: config.redelivery.baseDelaySeconds,
  });
}
