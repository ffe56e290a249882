import type { CallLog, CallRecord } from '../../ports/call-log';
import type { Inbox, MessageOutcome } from '../../ports/inbox';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { Clock } from '../../ports/clock';
import type { DeliveryTarget, SendQueue } from '../../ports/send-queue';
import type { VoicemailLog } from '../../ports/voicemail-log';
import { MetricName } from '../../metric-names';
import { maskPhoneNumber, maskPhoneNumbersIn } from '../numbers/phone-number';
import type { Delivery } from './delivery';

export interface QueueSendsDeps {
  /** The route's redelivery queue; without one (the waiting-list job) a failed text stays failed. */
  sendQueue?: SendQueue;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  calls?: CallLog;
  inbox?: Inbox;
  voicemails?: VoicemailLog;
}

/**
 * The use case's records, made to queue what Twilio failed to take: when a call's, message's or voicemail's record is
 * written with a delivery that failed in a way worth another try (Twilio 5xx, 429, no answer), the send is put on the
 * route's redelivery queue first, naming that record's field, and the field is written `queued`. The queue's consumer
 * sends it (finishQueuedSend). A text no record keeps (a cap notice) stays failed: nothing could send it only once.
 */
export function queueUnfinishedSends<D extends QueueSendsDeps>(deps: D): D {
  const queue = deps.sendQueue;
  if (!queue) return deps;
  const queueIn = async <K extends string>(
    target: (field: K) => DeliveryTarget,
    deliveries: Partial<Record<K, unknown>>,
  ): Promise<Record<K, unknown>> => {
    const written = { ...deliveries } as Record<K, unknown>;
    for (const field of Object.keys(deliveries) as K[]) {
      const delivery = deliveries[field];
      if (!isDelivery(delivery) || delivery.state !== 'failed' || !delivery.retry) continue;
      const { retry, ...failed } = delivery;
      const where = target(field);
      const fields = {
        record: where.record,
        sid: where.sid,
        field,
        purpose: retry.purpose,
        to: maskPhoneNumber(retry.to),
      };
      try {
        await queue.enqueueSend({ kind: 'send', target: where, plan: retry, queuedAt: deps.clock.now().toISOString() });
      } catch (error) {
        deps.metrics.count(MetricName.SMS_SEND_QUEUE_FAILED);
        deps.logger.critical('redelivery queue unreachable: a text Twilio failed to take is lost', {
          ...fields,
          error: String(error),
        });
        written[field] = failed;
        continue;
      }
      deps.metrics.count(MetricName.SMS_SEND_QUEUED);
      deps.logger.warn('text queued to be sent again', { ...fields, reason: maskPhoneNumbersIn(retry.reason) });
      const queued: Delivery = {
        state: 'queued',
        reason: retry.reason,
        since: retry.since,
        ...(retry.providerCode ? { providerCode: retry.providerCode } : {}),
        ...(retry.lostAnswers.length > 0 ? { lostAnswers: retry.lostAnswers } : {}),
      };
      written[field] = queued;
    }
    return written;
  };

  const wrapped: D = { ...deps };
  const { calls, inbox, voicemails } = deps;
  if (calls)
    wrapped.calls = {
      record: async (call: CallRecord) => {
        const target = (field: 'textBack' | 'ownerNotification'): DeliveryTarget => ({
          record: 'call',
          sid: call.callSid,
          field,
        });
        const sends = await queueIn(target, { textBack: call.textBack, ownerNotification: call.ownerNotification });
        return calls.record({ ...call, ...(sends as Pick<CallRecord, 'textBack' | 'ownerNotification'>) });
      },
      recordIfMissing: (call) => calls.recordIfMissing(call),
    };
  if (inbox) {
    const outcomeOf = async (messageSid: string, outcome: MessageOutcome): Promise<MessageOutcome> =>
      (await queueIn((field: string) => ({ record: 'message', sid: messageSid, field }), outcome)) as MessageOutcome;
    wrapped.inbox = {
      store: (message) => inbox.store(message),
      recordOutcome: async (messageSid, outcome) =>
        inbox.recordOutcome(messageSid, await outcomeOf(messageSid, outcome)),
      record: async (message, outcome) => inbox.record(message, await outcomeOf(message.messageSid, outcome)),
      recordIfMissing: (message, outcome) => inbox.recordIfMissing(message, outcome),
    };
  }
  if (voicemails)
    wrapped.voicemails = {
      recordRecording: (facts) => voicemails.recordRecording(facts),
      claimOwnerText: (recordingSid, callSid, at) => voicemails.claimOwnerText(recordingSid, callSid, at),
      recordOwnerText: async (recordingSid, outcome) => {
        const { delivery } = await queueIn(
          (field: 'delivery') => ({ record: 'voicemail', sid: recordingSid, field: field && 'ownerText' }),
          { delivery: outcome.delivery },
        );
        return voicemails.recordOwnerText(recordingSid, { ...outcome, delivery: delivery as Delivery });
      },
    };
  return wrapped;
}

function isDelivery(value: unknown): value is Delivery {
  return typeof value === 'object' && value !== null && typeof (value as { state?: unknown }).state === 'string';
}
