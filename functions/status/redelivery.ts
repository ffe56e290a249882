import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createQueueConsumer } from '../../shared/redelivery/queue-consumer';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { queuedSendWork } from '../../shared/redelivery/send-wiring';
import { metricsFactory, twilioCredentials, type WiringOptions } from '../../shared/wiring';
import { statusWorks } from './create-handler';
import { wireCallStatus, type CallStatusConfig } from './wiring';

/**
 * SQS: finishes the status and voicemail callbacks that could not finish when Twilio delivered them, with the same use
 * cases, and sends the texts Twilio failed to take for them.
 */
export function createStatusRedelivery(
  config: CallStatusConfig,
  options: WiringOptions,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const credentials = twilioCredentials(config.twilio, options);
  const ports = wireCallStatus(config, options, credentials);
  const queue = redeliveryQueue(config.redelivery, options);
  return createQueueConsumer({
    works: statusWorks(ports),
    logger: ports.missedCall.logger,
    createMetrics: metricsFactory(config.metrics, options),
    send: queuedSendWork(config, options, credentials),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: config.redelivery.baseDelaySeconds,
  });
}
