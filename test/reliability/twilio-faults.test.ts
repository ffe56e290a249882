import type { SendFault } from '../../local/fake-twilio-api';
import { MetricName } from '../../shared/metric-names';
import { outcomesOf, type Outcomes } from './support/fault-oracle';
import {
  startFaultRig,
  RIG_ACCOUNT_SID,
  RIG_AUTH_TOKEN,
  RIG_PUBLIC_BASE_URL,
  type FaultRig,
} from './support/fault-rig';
import { printFigures } from './support/figures';
import { mixedWebhooks, mulberry32, type MixedPlan } from './support/mixed-webhooks';
import { inPool } from './support/pool';
import { scaled } from './support/scale';

const WEBHOOKS = scaled(1_500, 150);
/** Share of webhooks before which one fault is queued at the fake Twilio API; the next send to arrive takes it. */
const FAULT_SHARE = 0.3;
const FAULTS: ReadonlyArray<readonly [string, SendFault, number]> = [
  ['500 Internal Server Error', { kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' }, 35],
  [
    '21610 recipient unsubscribed',
    { kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
    25,
  ],
  [
    '21211 invalid To number',
    { kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
    25,
  ],
  ['429 Too Many Requests', { kind: 'error', status: 429, code: 20429, message: 'Too Many Requests' }, 10],
  ['hangs (never answers)', { kind: 'hang' }, 10],
  ['answers too late (message created)', { kind: 'slow', delayMs: 5_000 }, 10],
];
/** Twilio's answers that are worth another try: the text is queued and sent (at most once) from the queue. */
const isRetryable = (fault: SendFault) =>
  fault.kind !== 'error' || fault.status >= 500 || fault.status === 429 || fault.code === 20429;

describe(`Twilio's Messages API failing a share of ${WEBHOOKS} webhooks' sends (500, 429, hang, late answer, 21610, 21211)`, () => {
  let rig: FaultRig;
  let plan: MixedPlan;
  let statuses: number[];
  let outcomes: Outcomes;
  let consumed: Array<readonly [string, SendFault]>;
  let delivered: number;

  beforeAll(async () => {
    plan = mixedWebhooks({
      total: WEBHOOKS,
      authToken: RIG_AUTH_TOKEN,
      accountSid: RIG_ACCOUNT_SID,
      publicBaseUrl: RIG_PUBLIC_BASE_URL,
      forgedShare: 0,
      businesses: 20,
      randomSeed: 7,
    });
    // 2.5 s, not five: hangs and late answers are given up on sooner; not one, or a busy machine's slow answer is taken for a fault.
    rig = await startFaultRig(plan.seed, { env: { TWILIO_API_TIMEOUT_MS: '2500' } });
    const random = mulberry32(11);
    const injected: Array<readonly [string, SendFault]> = [];
    const lastInjection = Math.floor(plan.webhooks.length * 0.8);
    // The first send's answer comes too late at any scale: the case a retry must not send twice.
    const lateAnswer = FAULTS.find(([, fault]) => fault.kind === 'slow');
    if (lateAnswer) {
      injected.push([lateAnswer[0], lateAnswer[1]]);
      rig.twilioApi.injectFaults(lateAnswer[1]);
    }

    statuses = await inPool(plan.webhooks, 20, async (webhook) => {
      if (webhook.index < lastInjection && random() < FAULT_SHARE) {
        const [name, fault] = pickWeighted(random);
        injected.push([name, fault]);
        rig.twilioApi.injectFaults(fault);
      }
      return (await rig[webhook.route](webhook.params)).statusCode;
    });

    // The queued texts are sent by the redelivery consumers, as the SQS event source would run them.
    delivered = await rig.finishQueued();
    // The fake takes faults first in, first out: the sends took all but those still pending.
    consumed = injected.slice(0, injected.length - rig.twilioApi.pendingFaults());
    outcomes = outcomesOf(plan, rig.outbox(), await rig.activityItems(), () => true);

    const byKind: Record<string, number> = {};
    for (const [name] of consumed) byKind[`  fault: ${name}`] = (byKind[`  fault: ${name}`] ?? 0) + 1;
    printFigures(`Twilio faults: ${plan.webhooks.length} webhooks, 20 in flight`, {
      'webhooks sent': plan.webhooks.length,
      'duplicates (Twilio repeats)': plan.counts.repeats,
      'send attempts': rig.twilioApi.attempts(),
      'faults injected (taken by a send)': consumed.length,
      ...byKind,
      'SMS accepted by Twilio': rig.outbox().length,
      'texts queued for another try (sms.send_queued)': rig.metrics()[MetricName.SMS_SEND_QUEUED] ?? 0,
      'queue deliveries': delivered,
      'sent again from the queue (sms.resent)': rig.metrics()[MetricName.SMS_RESENT] ?? 0,
      "found in Twilio's log, not sent again (sms.resend_found)": rig.metrics()[MetricName.SMS_RESEND_FOUND] ?? 0,
      'failed sends recorded': outcomes.failedDeliveries,
      'failed sends counted (sms.send_failed)': rig.metrics()[MetricName.SMS_SEND_FAILED] ?? 0,
      'refused as opted out, counted (sms.recipient_opted_out)': rig.metrics()[MetricName.SMS_RECIPIENT_OPTED_OUT] ?? 0,
      '5xx answers': statuses.filter((status) => status >= 500).length,
      'missed calls without a text-back, recorded as such': outcomes.visibleMissingTextBacks.length,
      lost: outcomes.lostTextBacks.length + outcomes.notStoredOnce.length,
    });
  }, 600_000);

  afterAll(async () => rig?.close());

  it('answers every webhook 2xx: a failed send is the service handling it, not failing', () => {
    expect(statuses.filter((status) => status < 200 || status > 299)).toEqual([]);
  });

  it('records every send Twilio refused for good on its call or message, marked SEND_FAILED', () => {
    const refused = consumed.filter(([, fault]) => !isRetryable(fault));
    expect(refused.length).toBeGreaterThan(0);
    expect(outcomes.failedDeliveries).toBe(refused.length);
    expect(outcomes.failedDeliveriesNotMarked).toEqual([]);
  });

  it('queues every send Twilio failed to take (5xx, 429, no answer) and sends each from the queue exactly once', () => {
    const retried = consumed.filter(([, fault]) => isRetryable(fault)).length;
    const queued = rig.metrics()[MetricName.SMS_SEND_QUEUED] ?? 0;
    expect(queued).toBeGreaterThan(0);
    // A queued text whose retry failed again is given back to the queue, not queued a second time.
    expect(queued).toBeLessThanOrEqual(retried);
    expect((rig.metrics()[MetricName.SMS_RESENT] ?? 0) + (rig.metrics()[MetricName.SMS_RESEND_FOUND] ?? 0)).toBe(
      queued,
    );
    expect(rig.queued()).toEqual({ pending: 0, deadLetters: 0 });
  });

  it('sends no text twice after an answer came too late: the queue finds it in the message log', () => {
    const late = consumed.filter(([, fault]) => fault.kind === 'slow').length;
    const hung = consumed.filter(([, fault]) => fault.kind === 'hang').length;
    const found = rig.metrics()[MetricName.SMS_RESEND_FOUND] ?? 0;
    expect(late).toBeGreaterThan(0);
    // Every late answer is found, never sent twice. A hang created nothing, but Twilio's log cannot tell it apart
    // from an identical text (same body, same person) sent by another webhook in the same seconds: that one is taken
    // for it (at most once wins over twice), so a find beyond the late answers can only follow a hang.
    expect(found).toBeGreaterThanOrEqual(late);
    expect(found - late).toBeLessThanOrEqual(hung);
    expect(outcomes.duplicateTextBacks).toEqual([]);
  });

  it("records Twilio's error code of a refused send", () => {
    const expected = (code: number) =>
      consumed.filter(([, fault]) => fault.kind === 'error' && fault.code === code).length;
    expect(outcomes.failedByProviderCode['21610'] ?? 0).toBe(expected(21610));
    expect(outcomes.failedByProviderCode['21211'] ?? 0).toBe(expected(21211));
  });

  it("counts every failed send: sms.send_failed, or sms.recipient_opted_out for Twilio's 21610 (the recipient opted out)", () => {
    const optedOut = consumed.filter(([, fault]) => fault.kind === 'error' && fault.code === 21610).length;
    expect(rig.metrics()[MetricName.SMS_SEND_FAILED] ?? 0).toBe(consumed.length - optedOut);
    expect(rig.metrics()[MetricName.SMS_RECIPIENT_OPTED_OUT] ?? 0).toBe(optedOut);
  });

  it('loses nothing silently: every eligible missed call is texted back once or has its refused send on record', () => {
    expect(outcomes.lostTextBacks).toEqual([]);
    expect(outcomes.duplicateTextBacks).toEqual([]);
  });

  it('stores every customer message exactly once, whatever happened to the sends', () => {
    expect(outcomes.notStoredOnce).toEqual([]);
  });
});

function pickWeighted(random: () => number): readonly [string, SendFault] {
  const total = FAULTS.reduce((sum, [, , weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [name, fault, weight] of FAULTS) {
    roll -= weight;
    if (roll < 0) return [name, fault];
  }
  const [name, fault] = FAULTS[0] as (typeof FAULTS)[number];
  return [name, fault];
}
