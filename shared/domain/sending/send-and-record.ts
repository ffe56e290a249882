import type { Clock } from '../../ports/clock';
import type { Contacts } from '../../ports/contacts';
import type { Logger } from '../../ports/logger';
import { SmsSendError, type MessageSender, type OutboundSms } from '../../ports/message-sender';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { Delivery } from './delivery';
import { maskPhoneNumber, maskPhoneNumbersIn } from '../numbers/phone-number';

export interface SendDeps {
  sender: MessageSender;
  contacts: Contacts;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
}

/** Twilio's "recipient has opted out" error: the customer texted STOP at the carrier level. */
const TWILIO_RECIPIENT_OPTED_OUT = 21610;

/**
 * Sends one SMS and turns the result into a Delivery to be recorded by the caller on its call or message.
 * A failed send is counted and logged here, never swallowed. Error 21610 instead marks the recipient opted out:
 * expected, not page-worthy.
 */
export async function sendAndRecord(sms: OutboundSms, purpose: string, deps: SendDeps): Promise<Delivery> {
  try {
    const { sid } = await deps.sender.send(sms);
    return { state: 'sent', sid };
  } catch (error) {
    const providerCode = error instanceof SmsSendError ? error.providerCode : undefined;
    const message = error instanceof Error ? error.message : String(error);
    // Twilio's error texts name numbers ("The 'To' number +44… is not a valid phone number"): masked in the log; the
    // returned Delivery keeps the full text for the record, which holds the customer's number anyway.
    const fields = { purpose, to: maskPhoneNumber(sms.to), from: maskPhoneNumber(sms.from), providerCode, error: maskPhoneNumbersIn(message) };
    if (providerCode === TWILIO_RECIPIENT_OPTED_OUT) {
      deps.metrics.count(MetricName.SMS_RECIPIENT_OPTED_OUT);
      deps.logger.info('recipient has opted out at the carrier: marked opted out', fields);
      await deps.contacts.optOut(sms.from, sms.to, 'carrier', deps.clock.now()).catch((optOutError: unknown) => {
        deps.logger.error('could not record a carrier opt-out', { ...fields, error: maskPhoneNumbersIn(String(optOutError)) });
      });
    } else {
      deps.metrics.count(MetricName.SMS_SEND_FAILED);
      deps.logger.error('sms send failed', fields);
    }
    return { state: 'failed', error: message, ...(providerCode ? { providerCode } : {}) };
  }
}
