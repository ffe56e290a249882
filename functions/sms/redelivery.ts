import { createRedeliveryConsumer } from '../../shared/redelivery/create-redelivery-consumer';
import { crmQueue } from '../../shared/redelivery/queue-wiring';
import type { WiringOptions } from '../../shared/wiring';
import { smsWorks } from './sms-works';
import { wireInboundSms, type InboundSmsConfig } from './wiring';

/** SQS: the SMS route's redelivery consumer, with the work its webhook runs. */
export function createSmsRedelivery(config: InboundSmsConfig, options: WiringOptions) {
  const jobEvents = crmQueue(config.crmEvents, options);
  return createRedeliveryConsumer(config, options, (clients, queue) =>
    smsWorks(wireInboundSms(config, clients, queue, jobEvents, options)),
  );
}
