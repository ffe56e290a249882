import type { OutboxEntry } from '../../../local/fake-twilio-api';
import { normalizePhoneNumber } from '../../../shared/domain/numbers/phone-number';
import { callRecords, recordedDeliveries, storedMessages, type Item } from './activity-records';
import { isCustomerMessage, type MixedPlan, type PlannedWebhook } from './mixed-webhooks';

export interface Outcomes {
  /** Eligible missed calls whose caller got no text-back and whose record shows nothing wrong (or is missing): lost silently. */
  lostTextBacks: string[];
  /** Eligible missed calls without a text-back whose record says so (a failed send, or an outcome marked not DONE): visible. */
  visibleMissingTextBacks: string[];
  /** Eligible missed calls texted back more than once. */
  duplicateTextBacks: string[];
  /** Customer messages (of those whose webhook was answered 2xx) not stored exactly once: no MESSAGE# record, or not exactly once on a job. */
  notStoredOnce: Array<{ sid: string; record: boolean; onJobs: number }>;
  failedDeliveries: number;
  failedDeliveriesNotMarked: string[];
  failedByProviderCode: Record<string, number>;
}

/**
 * What became of the plan's calls and messages, read from the outbox and the activity table.
 * `answered` limits the check to webhooks Twilio would not deliver again (answered 2xx).
 */
export function outcomesOf(
  plan: MixedPlan,
  outbox: readonly OutboxEntry[],
  items: readonly Item[],
  answered: (webhook: PlannedWebhook) => boolean,
): Outcomes {
  const smsTo = new Map<string, number>();
  for (const sms of outbox) smsTo.set(sms.to, (smsTo.get(sms.to) ?? 0) + 1);
  const calls = callRecords(items);
  const deliveries = recordedDeliveries(items);
  // Visible: a failed send on the call's record, or a record left in a state other than DONE (SEND_FAILED, RECOVERED...).
  const visibleOnCall = (callSid: string) =>
    deliveries.some((delivery) => delivery.pk === `CALL#${callSid}` && delivery.state === 'failed') ||
    (calls.has(callSid) && calls.get(callSid)?.state !== 'DONE');
  const finalStatusAnswered = (callSid: string) =>
    plan.webhooks.some(
      (webhook) => webhook.sid === callSid && webhook.route === 'status' && webhook.finalInbound && answered(webhook),
    );

  const eligible = [...plan.calls.values()].filter(
    (call) => call.eligibleForTextBack && finalStatusAnswered(call.callSid),
  );
  const textBacks = (from: string) => smsTo.get(normalizePhoneNumber(from) as string) ?? 0;
  const { records, onJobs } = storedMessages(items);
  const customerMessages = [...plan.messages.values()].filter(
    (message) => isCustomerMessage(message) && answered(message),
  );
  const failed = deliveries.filter((delivery) => delivery.state === 'failed');
  const failedByProviderCode: Record<string, number> = {};
  for (const delivery of failed) {
    const code = String(delivery.providerCode ?? 'none');
    failedByProviderCode[code] = (failedByProviderCode[code] ?? 0) + 1;
  }

  return {
    lostTextBacks: eligible
      .filter((call) => textBacks(call.from) === 0 && !visibleOnCall(call.callSid))
      .map(
        (call) =>
          `${call.callSid} (record: ${calls.has(call.callSid) ? String(calls.get(call.callSid)?.state) : 'none'})`,
      ),
    visibleMissingTextBacks: eligible
      .filter((call) => textBacks(call.from) === 0 && visibleOnCall(call.callSid))
      .map((call) => `${call.callSid} (record: ${String(calls.get(call.callSid)?.state)})`),
    duplicateTextBacks: eligible.filter((call) => textBacks(call.from) > 1).map((call) => call.callSid),
    notStoredOnce: customerMessages
      .filter((message) => !records.has(message.sid) || onJobs.get(message.sid) !== 1)
      .map((message) => ({ sid: message.sid, record: records.has(message.sid), onJobs: onJobs.get(message.sid) ?? 0 })),
    failedDeliveries: failed.length,
    failedDeliveriesNotMarked: failed
      .filter((delivery) => delivery.itemState !== 'SEND_FAILED')
      .map((delivery) => `${delivery.pk} state=${String(delivery.itemState)}`),
    failedByProviderCode,
  };
}

/** Valid TwiML that ends the call: an XML `<Response>` with a `<Hangup/>`. */
export function isValidHangupTwiml(body: string): boolean {
  return /^<\?xml version="1\.0" encoding="UTF-8"\?><Response>[\s\S]*<Hangup\/><\/Response>$/.test(body);
}
