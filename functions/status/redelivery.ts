import { createRedeliveryConsumer } from '../../shared/redelivery/create-redelivery-consumer';
import type { WiringOptions } from '../../shared/wiring';
import { statusWorks } from './status-works';
import { wireCallStatus, type CallStatusConfig } from './wiring';

/** SQS: the status routes' redelivery consumer, with the work their webhook runs. */
export function createStatusRedelivery(config: CallStatusConfig, options: WiringOptions) {
  return createRedeliveryConsumer(config, options, (clients, queue) =>
    statusWorks(wireCallStatus(config, clients, queue)),
  );
}
