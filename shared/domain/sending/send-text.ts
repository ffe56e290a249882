import type { Clock } from '../../ports/clock';
import type { Contacts } from '../../ports/contacts';
import type { Logger } from '../../ports/logger';
import { SmsSendError, type MessageSender, type OutboundSms } from '../../ports/message-sender';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { Delivery, ResendPlan } from './delivery';
import { maskPhoneNumber, maskPhoneNumbersIn, type E164 } from '../numbers/phone-number';
import { destinationPolicy, type DestinationRefusal } from './destination-policy';
import { cutToLength, MAX_BODY_LENGTH, smsLength } from './sms-length';

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
 * Who a text goes to: a `counterpart` (a caller, a customer, someone signing up: a number a stranger can choose) or
 * the client's `owner` (the alert phone confirmed at sign-up).
 */
export type Recipient = 'counterpart' | 'owner';

/**
 * The destination check every text passes, to a counterpart or to the owner (destinationPolicy decides): a refusal is counted and
 * logged with its reason and the masked number. Callers that plan a text ask it first, so the owner can be told why.
 */
export function refusedDestination(
  to: E164,
  purpose: string,
  deps: Pick<SendDeps, 'logger' | 'metrics'>,
): DestinationRefusal | undefined {
  const verdict = destinationPolicy(to);
  if (verdict.allowed) return undefined;
  deps.metrics.count(MetricName.SMS_DESTINATION_BLOCKED);
  deps.logger.warn('destination refused: nothing sent', { purpose, to: maskPhoneNumber(to), reason: verdict.reason });
  return verdict.reason;
}

/**
 * Sends one SMS, in one attempt, and says what became of it as a Delivery; the caller records it on its call or
 * message. A failed send is counted and logged here, never swallowed. Error 21610 instead marks the recipient opted
 * out (the one write here): expected, not page-worthy. A failure worth another try (Twilio 5xx, 429, no answer) comes
 * back with its `retry` plan: the caller settles it (settleDelivery puts it on the redelivery queue) before recording it.
 */
export async function sendText(
  sms: OutboundSms,
  purpose: string,
  deps: SendDeps,
  recipient: Recipient = 'counterpart',
): Promise<Delivery> {
  // Every text passes the destination policy: the last line, whatever the caller checked. The owner's phone too, so an
  // owner phone stored before the policy covered it (or written around it) is never texted if premium or satellite.
  const refusal = refusedDestination(sms.to, purpose, deps);
  if (refusal) return { state: 'skipped', reason: `destination refused: ${refusal}` };
  if (smsLength(sms.body) > MAX_BODY_LENGTH) {
    // Builders keep their texts within Twilio's limit; this only guards against one that did not (Twilio would refuse it).
    deps.logger.warn('sms body over the 1,600-character limit: cut', {
      purpose,
      to: maskPhoneNumber(sms.to),
      length: smsLength(sms.body),
    });
    sms = { ...sms, body: cutToLength(sms.body, MAX_BODY_LENGTH) };
  }
  const attemptAt = deps.clock.now();
  try {
    const { sid } = await deps.sender.send(sms);
    return { state: 'sent', sid };
  } catch (error) {
    const providerCode = error instanceof SmsSendError ? error.providerCode : undefined;
    const message = error instanceof Error ? error.message : String(error);
    // Twilio's error texts name numbers ("The 'To' number +44… is not a valid phone number"): masked in the log; the
    // returned Delivery keeps the full text for the record, which holds the customer's number anyway.
    const fields = {
      purpose,
      to: maskPhoneNumber(sms.to),
      from: maskPhoneNumber(sms.from),
      providerCode,
      error: maskPhoneNumbersIn(message),
    };
    const kind = error instanceof SmsSendError ? error.kind : 'final';
    if (kind !== 'final') {
      // Twilio failed, throttled or did not answer: the caller settles it onto the queue, to be sent again (at most once).
      deps.metrics.count(MetricName.SMS_SEND_FAILED);
      deps.logger.warn('sms send failed: worth another try', { ...fields, kind });
      const since = attemptAt.toISOString();
      const retry: ResendPlan = {
        to: sms.to,
        from: sms.from,
        bodies: [sms.body],
        sentSids: [],
        purpose,
        recipient,
        since,
        // Twilio may have created it while we waited: only then is its log searched before sending again.
        lostAnswers: kind === 'ambiguous' ? [{ from: since, until: deps.clock.now().toISOString() }] : [],
        reason: message,
        ...(providerCode ? { providerCode } : {}),
      };
      return { state: 'failed', error: message, ...(providerCode ? { providerCode } : {}), retry };
    }
    if (providerCode === TWILIO_RECIPIENT_OPTED_OUT) {
      deps.metrics.count(MetricName.SMS_RECIPIENT_OPTED_OUT);
      deps.logger.info('recipient has opted out at the carrier: marked opted out', fields);
      await deps.contacts.optOut(sms.from, sms.to, 'carrier', deps.clock.now()).catch((optOutError: unknown) => {
        deps.logger.error('could not record a carrier opt-out', {
          ...fields,
          error: maskPhoneNumbersIn(String(optOutError)),
        });
      });
    } else {
      deps.metrics.count(MetricName.SMS_SEND_FAILED);
      deps.logger.error('sms send failed', fields);
    }
    return { state: 'failed', error: message, ...(providerCode ? { providerCode } : {}) };
  }
}
