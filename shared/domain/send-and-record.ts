import type { Logger } from '../ports/logger';
import { SmsSendError, type MessageSender, type OutboundSms } from '../ports/message-sender';
import { MetricName, type Metrics } from '../ports/metrics';
import type { Delivery } from './delivery';
import { maskPhoneNumber } from './phone-number';

export interface SendDeps {
  sender: MessageSender;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Sends one SMS and turns the result into a Delivery to be recorded.
 * A failed send is counted and logged here, never swallowed: the caller records it on its call or message.
 */
export async function sendAndRecord(sms: OutboundSms, purpose: string, deps: SendDeps): Promise<Delivery> {
  try {
    const { sid } = await deps.sender.send(sms);
    return { state: 'sent', sid };
  } catch (error) {
    deps.metrics.count(MetricName.SMS_SEND_FAILED);
    const providerCode = error instanceof SmsSendError ? error.providerCode : undefined;
    deps.logger.error('sms send failed', {
      purpose,
      to: maskPhoneNumber(sms.to),
      from: maskPhoneNumber(sms.from),
      providerCode,
      error: error instanceof Error ? error.message : String(error),
    });
    return { state: 'failed', error: error instanceof Error ? error.message : String(error), ...(providerCode ? { providerCode } : {}) };
  }
}
