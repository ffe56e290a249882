import { TEXT_ONLY_MESSAGE } from '../../shared/adapters/twilio/twiml';
import { MetricName } from '../../shared/metric-names';
import { isValidHangupTwiml, outcomesOf, type Outcomes } from './support/fault-oracle';
import {
  startFaultRig,
  RIG_ACCOUNT_SID,
  RIG_AUTH_TOKEN,
  RIG_PUBLIC_BASE_URL,
  type FaultRig,
  type TimedResult,
} from './support/fault-rig';
import { printFigures } from './support/figures';
import { mixedWebhooks, type MixedPlan, type PlannedWebhook } from './support/mixed-webhooks';
import { inPool } from './support/pool';
import { scaled } from './support/scale';

const WEBHOOKS = scaled(1_200, 200);
const CONCURRENCY = 8;
/** The outage lasts at least this long, however fast the webhooks sent during it are answered. */
const MIN_OUTAGE_MS = 3_000;

interface Delivery {
  webhook: PlannedWebhook;
  result: TimedResult;
  phase: 'before' | 'during' | 'after';
}

describe(`DynamoDB unreachable in the middle of ${WEBHOOKS} webhooks (its process killed, then restarted on the same port and data)`, () => {
  let rig: FaultRig;
  let plan: MixedPlan;
  const deliveries: Delivery[] = [];
  let outcomes: Outcomes;
  let outageMs = 0;
  let refused: Delivery[] = [];
  let finished = 0;
  let queuedFigure = 0;
  let left = { pending: 0, deadLetters: 0 };

  beforeAll(async () => {
    plan = mixedWebhooks({
      total: WEBHOOKS,
      authToken: RIG_AUTH_TOKEN,
      accountSid: RIG_ACCOUNT_SID,
      publicBaseUrl: RIG_PUBLIC_BASE_URL,
      forgedShare: 0,
      businesses: 20,
      randomSeed: 23,
    });
    rig = await startFaultRig(plan.seed);
    const third = Math.floor(plan.webhooks.length / 3);
    const [before, during, after] = [
      plan.webhooks.slice(0, third),
      plan.webhooks.slice(third, 2 * third),
      plan.webhooks.slice(2 * third),
    ];
    const send = async (webhook: PlannedWebhook, phase: Delivery['phase']) => {
      const result = await rig[webhook.route](webhook.params);
      deliveries.push({ webhook, result, phase });
      return result;
    };

    // Stop DynamoDB while the first third is in flight: some webhooks are cut half-way through their writes.
    let answered = 0;
    let stopping: Promise<void> | undefined;
    await inPool(before, CONCURRENCY, async (webhook) => {
      await send(webhook, stopping ? 'during' : 'before');
      answered += 1;
      if (answered === Math.floor(before.length / 2)) stopping = rig.stopDynamo();
    });
    await stopping;
    const outageStarted = performance.now();
    await inPool(during, CONCURRENCY, (webhook) => send(webhook, 'during'));
    const remaining = MIN_OUTAGE_MS - (performance.now() - outageStarted);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    await rig.startDynamo();
    outageMs = performance.now() - outageStarted;
    await inPool(after, CONCURRENCY, (webhook) => send(webhook, 'after'));

    // Twilio delivers nothing again: what could not finish was queued, and the consumers finish it now.
    refused = deliveries.filter((delivery) => delivery.result.statusCode >= 500);
    const queuedDuringOutage = rig.metrics()[MetricName.WEBHOOK_QUEUED] ?? 0;
    finished = await rig.finishQueued();
    left = rig.queued();

    outcomes = outcomesOf(plan, rig.outbox(), await rig.activityItems(), (webhook) => webhook.route !== 'voice');
    queuedFigure = queuedDuringOutage;

    const duringOutage = deliveries.filter((delivery) => delivery.phase === 'during');
    const voiceDuring = duringOutage.filter((delivery) => delivery.webhook.route === 'voice');
    printFigures(
      `DynamoDB outage: ${plan.webhooks.length} webhooks, ${CONCURRENCY} in flight, DynamoDB down ${(outageMs / 1000).toFixed(1)} s`,
      {
        'webhooks sent': plan.webhooks.length,
        'webhooks while DynamoDB was down': duringOutage.length,
        'voice answers while down': voiceDuring.length,
        'slowest voice answer while down (ms)': Math.max(0, ...voiceDuring.map((delivery) => delivery.result.ms)),
        'resolution failures counted (voice.resolution_failed)': rig.metrics()[MetricName.VOICE_RESOLUTION_FAILED] ?? 0,
        'status and SMS queued for redelivery (webhook.queued)': queuedFigure,
        'finished from the queue after recovery': finished,
        'left in the queue / dead-lettered': `${left.pending} / ${left.deadLetters}`,
        'answered 5xx (Twilio would not retry)': refused.length,
        'status callbacks answered 2xx while down': duringOutage.filter(
          (delivery) => delivery.webhook.route === 'status' && delivery.result.statusCode < 300,
        ).length,
        'customer messages stored once': [...plan.messages.values()].length - outcomes.notStoredOnce.length,
        'missed calls without a text-back, recorded as such': outcomes.visibleMissingTextBacks.length,
        'missed calls lost (no text-back, nothing recorded)': outcomes.lostTextBacks.length,
        'messages not stored once': outcomes.notStoredOnce.length,
        lost: outcomes.lostTextBacks.length + outcomes.notStoredOnce.length,
      },
    );
  }, 600_000);

  afterAll(async () => rig?.close());

  it('took webhooks while DynamoDB was down', () => {
    expect(deliveries.filter((delivery) => delivery.phase === 'during').length).toBeGreaterThan(CONCURRENCY);
    expect(rig.metrics()[MetricName.VOICE_RESOLUTION_FAILED] ?? 0).toBeGreaterThan(0);
  });

  it('answers every voice call with valid TwiML in under 2 s while DynamoDB is down', () => {
    const voice = deliveries.filter((delivery) => delivery.phase === 'during' && delivery.webhook.route === 'voice');
    expect(
      voice
        .filter((delivery) => delivery.result.statusCode !== 200 || !isValidHangupTwiml(delivery.result.body))
        .map(brief),
    ).toEqual([]);
    expect(voice.filter((delivery) => delivery.result.ms >= 2000).map(brief)).toEqual([]);
  });

  it('never routes a call to the onboarding answer unless the onboarding number was called', () => {
    const onboardingAnswers = deliveries.filter(
      (delivery) => delivery.webhook.route === 'voice' && delivery.result.body.includes(TEXT_ONLY_MESSAGE),
    );
    expect(onboardingAnswers.filter((delivery) => delivery.webhook.target !== 'onboarding').map(brief)).toEqual([]);
  });

  it('answers every status callback and SMS 2xx: what could not finish was queued, nothing is left for Twilio to retry', () => {
    const other = deliveries.filter(
      (delivery) => delivery.webhook.route !== 'voice' && delivery.result.statusCode >= 300,
    );
    expect(other.map(brief)).toEqual([]);
    expect(queuedFigure).toBeGreaterThan(0);
  });

  it('finishes everything queued once DynamoDB is back: nothing waiting, nothing dead-lettered', () => {
    expect(left).toEqual({ pending: 0, deadLetters: 0 });
  });

  it('stores every customer SMS exactly once, with no redelivery from Twilio', () => {
    expect(outcomes.notStoredOnce).toEqual([]);
  });

  it('loses no missed call: each is texted back once or has its failed send on record, with no redelivery from Twilio', () => {
    expect(outcomes.lostTextBacks).toEqual([]);
    expect(outcomes.duplicateTextBacks).toEqual([]);
  });

  it('recovers when DynamoDB returns: every webhook after the restart is answered 2xx', () => {
    expect(
      deliveries.filter((delivery) => delivery.phase === 'after' && delivery.result.statusCode >= 300).map(brief),
    ).toEqual([]);
  });
});

function brief(delivery: Delivery) {
  return {
    sid: delivery.webhook.sid,
    route: delivery.webhook.route,
    target: delivery.webhook.target,
    phase: delivery.phase,
    status: delivery.result.statusCode,
    ms: Math.round(delivery.result.ms),
  };
}
