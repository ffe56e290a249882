import type { OutboxEntry } from '../../../local/fake-twilio-api';
import { normalizePhoneNumber } from '../../../shared/domain/numbers/phone-number';
import { callRecords, recordedDeliveries, storedMessages, type Item } from './activity-records';
import { isCustomerMessage, ONBOARDING_NUMBER, type MixedPlan } from './mixed-webhooks';

export interface Violation {
  count: number;
  examples: unknown[];
}

export interface LoadVerdict {
  figures: Record<string, number>;
  /** Each broken check with its count and a few examples; empty when every guarantee held. */
  violations: Record<string, Violation>;
}

/** The checks of `checkLoad`, grouped by the guarantee they prove. */
export const LOAD_CHECKS = {
  answers: ['webhooks answered 5xx', 'webhooks not answered', 'signed webhooks answered non-2xx'],
  textBacks: [
    'eligible missed calls without exactly one text-back',
    'callers texted although not eligible for a text-back',
  ],
  onboarding: ['SMS from the onboarding number to someone who never texted it (a voice path)'],
  storedOnce: ['customer messages without their MESSAGE# record', 'customer messages not on a job exactly once'],
  forgeries: [
    'forged webhooks not refused with 403',
    'forged status callbacks that left a call record',
    'forged calls whose caller got an SMS',
    'forged SMS that were stored',
  ],
  sendsRecorded: [
    'SMS sent but recorded nowhere (a duplicate send, or a lost record)',
    'SMS recorded as sent more than once',
    'SMS recorded as sent that Twilio never accepted',
    'failed sends not marked SEND_FAILED on their item',
  ],
} as const;

/** The violations among `checks`: `{}` when all of them held. */
export function violationsOf(verdict: LoadVerdict, checks: readonly string[]): Record<string, Violation> {
  return Object.fromEntries(Object.entries(verdict.violations).filter(([check]) => checks.includes(check)));
}

/**
 * Checks the guarantees after a plan was delivered: from the answers, the fake Twilio outbox and the activity table.
 * Callers, customers and sids are unique per planned call or message, so every SMS can be traced to its webhook.
 */
export function checkLoad(
  plan: MixedPlan,
  statuses: readonly number[],
  outbox: readonly OutboxEntry[],
  items: readonly Item[],
): LoadVerdict {
  const violations: Record<string, Violation> = {};
  const fail = (check: string, examples: readonly unknown[]) => {
    if (examples.length > 0) violations[check] = { count: examples.length, examples: examples.slice(0, 3) };
  };

  // Answers: no 5xx ever; anything but 2xx only where intended (a forgery gets 403).
  const answers = plan.webhooks.map((webhook) => ({ webhook, status: statuses[webhook.index] ?? 0 }));
  fail('webhooks answered 5xx', answers.filter((answer) => answer.status >= 500).map(describe));
  fail('webhooks not answered', answers.filter((answer) => answer.status === 0).map(describe));
  fail(
    'forged webhooks not refused with 403',
    answers.filter((answer) => answer.webhook.forged && answer.status !== 403).map(describe),
  );
  fail(
    'signed webhooks answered non-2xx',
    answers
      .filter((answer) => !answer.webhook.forged && answer.status !== 0 && (answer.status < 200 || answer.status > 299))
      .map(describe),
  );

  const smsTo = new Map<string, OutboxEntry[]>();
  for (const sms of outbox) smsTo.set(sms.to, [...(smsTo.get(sms.to) ?? []), sms]);

  // Exactly one text-back per eligible missed call; nothing to any other caller (withheld, outbound, non-business).
  const calls = [...plan.calls.values()];
  const eligible = calls.filter((call) => call.eligibleForTextBack);
  const textBacksSent = eligible.reduce(
    (sum, call) => sum + (smsTo.get(normalizePhoneNumber(call.from) as string)?.length ?? 0),
    0,
  );
  fail(
    'eligible missed calls without exactly one text-back',
    eligible
      .filter((call) => smsTo.get(normalizePhoneNumber(call.from) as string)?.length !== 1)
      .map((call) => ({
        callSid: call.callSid,
        sms: smsTo.get(normalizePhoneNumber(call.from) as string)?.length ?? 0,
      })),
  );
  fail(
    'callers texted although not eligible for a text-back',
    calls
      .filter(
        (call) =>
          !call.eligibleForTextBack &&
          call.callerKind === 'textable' &&
          smsTo.has(normalizePhoneNumber(call.from) as string),
      )
      .map((call) => ({ callSid: call.callSid, target: call.target })),
  );

  // Zero onboarding SMS from any voice path: the onboarding number only ever texts people who texted it.
  const onboardingSenders = new Set(
    [...plan.messages.values()]
      .filter((message) => message.target === 'onboarding')
      .map((message) => normalizePhoneNumber(message.from)),
  );
  const fromOnboarding = outbox.filter((sms) => sms.from === ONBOARDING_NUMBER);
  fail(
    'SMS from the onboarding number to someone who never texted it (a voice path)',
    fromOnboarding.filter((sms) => !onboardingSenders.has(sms.to as never)),
  );

  // Every inbound customer SMS stored exactly once: its MESSAGE# record and exactly one copy on a job.
  const { records, onJobs } = storedMessages(items);
  const customerMessages = [...plan.messages.values()].filter(
    (message) => !message.forged && isCustomerMessage(message),
  );
  fail(
    'customer messages without their MESSAGE# record',
    customerMessages.filter((message) => !records.has(message.sid)).map((message) => message.sid),
  );
  fail(
    'customer messages not on a job exactly once',
    customerMessages
      .filter((message) => onJobs.get(message.sid) !== 1)
      .map((message) => ({ sid: message.sid, onJobs: onJobs.get(message.sid) ?? 0 })),
  );

  // Forgeries change nothing: no record for their sid, no SMS to their caller.
  const forgedCalls = calls.filter((call) => call.forged);
  const callItems = callRecords(items);
  fail(
    'forged status callbacks that left a call record',
    forgedCalls.filter((call) => callItems.has(call.callSid)).map((call) => call.callSid),
  );
  fail(
    'forged calls whose caller got an SMS',
    forgedCalls
      .filter((call) => call.callerKind === 'textable' && smsTo.has(normalizePhoneNumber(call.from) as string))
      .map((call) => call.callSid),
  );
  const forgedMessages = [...plan.messages.values()].filter((message) => message.forged);
  fail(
    'forged SMS that were stored',
    forgedMessages
      .filter((message) => records.has(message.sid) || onJobs.has(message.sid))
      .map((message) => message.sid),
  );

  // Every SMS sent is recorded on exactly one item, and every recorded send was really sent: no silent duplicates.
  const deliveries = recordedDeliveries(items);
  const recordedSids = deliveries.flatMap((delivery) =>
    delivery.state === 'sent' && delivery.sid ? [delivery.sid] : [],
  );
  const recordedOnce = new Set(recordedSids);
  const outboxSids = new Set(outbox.map((sms) => sms.sid));
  fail(
    'SMS sent but recorded nowhere (a duplicate send, or a lost record)',
    outbox.filter((sms) => !recordedOnce.has(sms.sid)).map((sms) => ({ to: sms.to, body: sms.body.slice(0, 40) })),
  );
  fail(
    'SMS recorded as sent more than once',
    recordedSids.filter((sid, index) => recordedSids.indexOf(sid) !== index),
  );
  fail(
    'SMS recorded as sent that Twilio never accepted',
    [...recordedOnce].filter((sid) => !outboxSids.has(sid)),
  );
  const failedDeliveries = deliveries.filter((delivery) => delivery.state === 'failed');
  fail(
    'failed sends not marked SEND_FAILED on their item',
    failedDeliveries
      .filter((delivery) => delivery.itemState !== 'SEND_FAILED')
      .map((delivery) => `${delivery.pk}/${delivery.sk}`),
  );

  const lostTextBacks = eligible.filter(
    (call) => (smsTo.get(normalizePhoneNumber(call.from) as string)?.length ?? 0) === 0,
  ).length;
  const lostMessages = customerMessages.filter(
    (message) => !records.has(message.sid) || (onJobs.get(message.sid) ?? 0) === 0,
  ).length;
  return {
    figures: {
      'webhooks sent': plan.webhooks.length,
      'duplicates (Twilio repeats)': plan.counts.repeats,
      'duplicates in flight together': plan.counts.concurrentRepeats,
      'duplicates late': plan.counts.lateRepeats,
      'forged (must be 403)': plan.counts.forged,
      '5xx answers': answers.filter((answer) => answer.status >= 500).length,
      'eligible missed calls': eligible.length,
      'text-backs expected': eligible.length,
      'text-backs sent': textBacksSent,
      'SMS sent in total': outbox.length,
      'SMS from the onboarding number to voice callers': fromOnboarding.filter(
        (sms) => !onboardingSenders.has(sms.to as never),
      ).length,
      'customer messages received': customerMessages.length,
      'customer messages stored once': customerMessages.filter(
        (message) => records.has(message.sid) && onJobs.get(message.sid) === 1,
      ).length,
      'failed sends recorded': failedDeliveries.length,
      lost: lostTextBacks + lostMessages,
    },
    violations,
  };
}

function describe({ webhook, status }: { webhook: MixedPlan['webhooks'][number]; status: number }) {
  return { index: webhook.index, route: webhook.route, sid: webhook.sid, target: webhook.target, status };
}
