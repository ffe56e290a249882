import { startLocalService, type LocalService } from '../../local/local-service';
import { scanTable } from './support/activity-records';
import { printFigures } from './support/figures';
import { driveLoad, type LoadOutcome } from './support/load-driver';
import { checkLoad, LOAD_CHECKS, violationsOf, type LoadVerdict } from './support/load-oracle';
import { mixedSeed, mixedWebhooks, type MixedPlan } from './support/mixed-webhooks';
import { scaled } from './support/scale';

const AUTH_TOKEN = 'reliability-auth-token';
const ACCOUNT_SID = 'AC22222222222222222222222222222222';
const WEBHOOKS = scaled(10_000, 300);
// Enough businesses that none reaches its daily SMS cap: a capped text-back is intended, not lost.
const BUSINESSES = Math.min(99, Math.max(4, Math.ceil(WEBHOOKS / 150)));

describe(`${WEBHOOKS} mixed webhooks at concurrency 50, with 30% of status callbacks and SMS repeated`, () => {
  let service: LocalService;
  let plan: MixedPlan;
  let load: LoadOutcome;
  let verdict: LoadVerdict;
  const errorLogs: string[] = [];

  beforeAll(async () => {
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      seed: mixedSeed(BUSINESSES),
      logWriter: (line) => {
        if (errorLogs.length < 500 && /"level":"(error|critical)"/i.test(line)) errorLogs.push(line);
      },
    });
    plan = mixedWebhooks({
      total: WEBHOOKS,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      publicBaseUrl: service.publicBaseUrl,
      businesses: BUSINESSES,
    });

    load = await driveLoad(service.url.replace('localhost', '127.0.0.1'), plan.webhooks, { connections: 50 });
    const items = await scanTable(service.dynamodbEndpoint, service.config.activity.activityTable);
    verdict = checkLoad(plan, load.statuses, service.outbox(), items);

    const metrics = service.metrics();
    printFigures(`Load with retries: ${plan.webhooks.length} webhooks, 50 connections`, {
      ...verdict.figures,
      'unhandled errors (metric)': metrics['webhook.unhandled_error'] ?? 0,
      'answers per second': load.requestsPerSecond,
      'latency p50 (ms)': load.latencyMs.p50,
      'latency p99 (ms)': load.latencyMs.p99,
      'wall time (s)': load.wallMs / 1000,
    });
    if (Object.keys(verdict.violations).length > 0) {
      // What the table and the metrics say about the first examples, to tell a lost answer from a cap or a race.
      const sids = Object.values(verdict.violations).flatMap((violation) =>
        violation.examples
          .map((example) =>
            JSON.stringify(example)
              .match(/"(CA|SM)[0-9a-f]{32}"/)?.[0]
              ?.replaceAll('"', ''),
          )
          .filter(Boolean),
      );
      const related = items.filter((item) => sids.some((sid) => JSON.stringify(item).includes(sid as string)));
      process.stdout.write(
        `violations:\n${JSON.stringify(verdict.violations, null, 2)}\nmetrics: ${JSON.stringify(metrics)}\n` +
          `items naming the examples: ${JSON.stringify(related.slice(0, 6))}\nerror logs (first of ${errorLogs.length}):\n${errorLogs
            .filter((line) => !/onboarding|no client record/.test(line))
            .slice(0, 8)
            .join('\n')}\n`,
      );
    }
  }, 600_000);

  afterAll(async () => service?.close());

  it('answers every webhook, never with a 5xx, and only forgeries with anything but 2xx', () => {
    expect(violationsOf(verdict, LOAD_CHECKS.answers)).toEqual({});
    expect(load.errors).toBe(0);
  });

  it('texts back exactly once per eligible missed call, however often or concurrently Twilio repeats the callback', () => {
    expect(verdict.figures['eligible missed calls']).toBeGreaterThan(0);
    // The plan spreads its calls so that no business reaches the daily SMS cap (a capped text-back is intended, not lost).
    expect(service.metrics()['sms.daily_cap_reached'] ?? 0).toBe(0);
    expect(violationsOf(verdict, LOAD_CHECKS.textBacks)).toEqual({});
  });

  it('never sends an onboarding SMS from a voice path', () => {
    expect(violationsOf(verdict, LOAD_CHECKS.onboarding)).toEqual({});
  });

  it('stores every inbound customer SMS exactly once, on its job', () => {
    expect(verdict.figures['customer messages received']).toBeGreaterThan(0);
    expect(violationsOf(verdict, LOAD_CHECKS.storedOnce)).toEqual({});
  });

  it('refuses every forgery and lets it change nothing', () => {
    expect(violationsOf(verdict, LOAD_CHECKS.forgeries)).toEqual({});
  });

  it('records every SMS it sends exactly once, and nothing it did not send', () => {
    expect(violationsOf(verdict, LOAD_CHECKS.sendsRecorded)).toEqual({});
    expect(service.metrics()['webhook.unhandled_error'] ?? 0).toBe(0);
  });
});
