import { createRedeliveryConsumer } from '../../shared/redelivery/create-redelivery-consumer';
import { crmQueue } from '../../shared/redelivery/queue-wiring';
import type { WiringOptions } from '../../shared/wiring';
import { statusWorks } from './status-works';
import { wireCallStatus, type CallStatusConfig } from './wiring';

/** SQS: the status routes' redelivery consumer, with the work their webhook runs. */
export function createStatusRedelivery(config: CallStatusConfig, options: WiringOptions) {
  const jobEvents = crmQueue(config.crmEvents, options);
  return createRedeliveryConsumer(config, options, (clients, queue) =>
    statusWorks(wireCallStatus(config, clients, queue, jobEvents)),
  );
}
