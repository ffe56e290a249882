import type { Clock } from '../../ports/clock';
import type { MessageOutcome } from '../../ports/inbox';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { DeliveryTarget, SendQueue } from '../../ports/send-queue';
import { MetricName } from '../../metric-names';
import { maskPhoneNumber, maskPhoneNumbersIn } from '../numbers/phone-number';
import type { Delivery } from './delivery';

export interface SettleDeps {
  /** The route's redelivery queue, whose consumer sends a queued text (finishQueuedSend). */
  sendQueue: SendQueue;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
}

/**
 * What a use case records of a text, once it is settled: a text Twilio failed to take in a way worth another try
 * (5xx, 429, no answer) is put on the route's redelivery queue, naming the record's field that will hold it, and
 * becomes `queued` (counted sms.send_queued); its consumer sends it, at most once. If the queue cannot be reached it
 * stays `failed` (counted sms.send_queue_failed, logged critical: nobody will send it). Anything else is recorded as
 * it is. Call it just before the record is written: the consumer waits for the record before it sends.
 */
export async function settleDelivery(target: DeliveryTarget, delivery: Delivery, deps: SettleDeps): Promise<Delivery> {
  if (delivery.state !== 'failed' || !delivery.retry) return delivery;
  const { retry, ...failed } = delivery;
  const fields = {
    record: target.record,
    sid: target.sid,
    field: target.field,
    purpose: retry.purpose,
    to: maskPhoneNumber(retry.to),
  };
  try {
    await deps.sendQueue.enqueueSend({ kind: 'send', target, plan: retry, queuedAt: deps.clock.now().toISOString() });
  } catch (error) {
    deps.metrics.count(MetricName.SMS_SEND_QUEUE_FAILED);
    deps.logger.critical('redelivery queue unreachable: a text Twilio failed to take is lost', {
      ...fields,
      error: String(error),
    });
    return failed;
  }
  deps.metrics.count(MetricName.SMS_SEND_QUEUED);
  deps.logger.warn('text queued to be sent again', { ...fields, reason: maskPhoneNumbersIn(retry.reason) });
  return {
    state: 'queued',
    reason: retry.reason,
    since: retry.since,
    ...(retry.providerCode ? { providerCode: retry.providerCode } : {}),
    ...(retry.lostAnswers.length > 0 ? { lostAnswers: retry.lostAnswers } : {}),
  };
}

/**
 * A message's outcome with each of its texts settled (settleDelivery), each on its own field of the message's record:
 * what the record is then written with.
 */
export async function settleOutcome<O extends MessageOutcome>(
  messageSid: string,
  outcome: O,
  deps: SettleDeps,
): Promise<O> {
  const settled: MessageOutcome = { ...outcome };
  for (const [field, value] of Object.entries(outcome)) {
    if (isDelivery(value))
      settled[field] = await settleDelivery({ record: 'message', sid: messageSid, field }, value, deps);
  }
  return settled as O;
}

function isDelivery(value: unknown): value is Delivery {
  return typeof value === 'object' && value !== null && typeof (value as { state?: unknown }).state === 'string';
}
