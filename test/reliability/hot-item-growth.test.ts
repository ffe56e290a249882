import { NUMBERS, TEST_SEED } from '../support/seeds';
import { callEnded, incomingSms } from '../support/webhook-harness';
import type { Item } from './support/activity-records';
import { startFaultRig, type FaultRig } from './support/fault-rig';
import { printFigures } from './support/figures';
import { RELIABILITY_SCALE, scaled } from './support/scale';
import { sid } from '../support/sid';

const CALLS_PER_DAY = scaled(300, 100);
/** DynamoDB refuses any item over 400 KB: an item every call rewrites must not creep towards it. */
const ITEM_LIMIT_BYTES = 400 * 1024;

describe('items every webhook of a business rewrites, over days of missed calls from new callers', () => {
  let rig: FaultRig;
  let now = new Date('2024-06-11T09:00:00Z');

  beforeAll(async () => {
    rig = await startFaultRig(TEST_SEED, {
      inMemory: true,
      clock: { now: () => now },
      env: { DAILY_SMS_CAP: '100000' },
    });
  });
  afterAll(async () => rig?.close());

  async function missedCallsFromNewCallers(day: number): Promise<void> {
    for (let index = 0; index < CALLS_PER_DAY; index += 1) {
      now = new Date(Date.UTC(2024, 5, 11 + day, 9, 0, index));
      const serial = `${day}${String(index).padStart(5, '0')}`;
      const result = await rig.status(callEnded(sid('CA', serial), NUMBERS.aceBusiness, `+447912${serial}`));
      if (result.statusCode !== 200) throw new Error(`day ${day}, call ${index}: answered ${result.statusCode}`);
    }
  }

  it('keep only what the cooldown and the last days need: they do not grow with every caller ever texted back', async () => {
    await missedCallsFromNewCallers(0);
    const afterOneDay = largestItem(await rig.activityItems());
    // A week later: the first day's calls and text-backs are past every window (cooldown, daily counters).
    await missedCallsFromNewCallers(7);
    const aWeekLater = largestItem(await rig.activityItems());

    const growthPerCaller = (aWeekLater.bytes - afterOneDay.bytes) / CALLS_PER_DAY;
    printFigures(`Hot item growth: ${CALLS_PER_DAY} missed calls from new callers on day 1 and on day 8`, {
      [`largest item after day 1 (${afterOneDay.key}), bytes`]: afterOneDay.bytes,
      [`largest item after day 8 (${aWeekLater.key}), bytes`]: aWeekLater.bytes,
      'bytes kept per caller after their window': growthPerCaller,
      'distinct callers until it passes 400 KB':
        growthPerCaller > 0
          ? Math.round((ITEM_LIMIT_BYTES - aWeekLater.bytes) / growthPerCaller) + 2 * CALLS_PER_DAY
          : Number.POSITIVE_INFINITY,
    });
    expect(aWeekLater.key).toBe(afterOneDay.key);
    expect(aWeekLater.bytes).toBeLessThan(afterOneDay.bytes * 1.25);
  }, 600_000);
});

const LONG_TEXTS = scaled(1_000, 100);
/** 10,000 at full scale; reduced runs (npm test) take 200, since each call is two callbacks through a transaction. */
const CALLS_IN_ONE_DAY = RELIABILITY_SCALE >= 1 ? 10_000 : scaled(2_000, 200);
/** Twilio's maximum message body. */
const MAX_BODY = 1_600;
/** No item any webhook writes may pass this, whatever the volume: the bound the data model is built for. */
const FIXED_ITEM_BOUND_BYTES = 8 * 1024;

describe('one busy business: nothing any webhook writes grows with its volume', () => {
  let rig: FaultRig;
  let now = new Date('2024-07-01T00:00:00Z');

  beforeAll(async () => {
    rig = await startFaultRig(TEST_SEED, {
      inMemory: true,
      clock: { now: () => now },
      // What is proven here is item size at volume; the daily caps (both the customer-facing and the owner's own) are
      // proven by their own tests, so here they are out of the way.
      env: { DAILY_SMS_CAP: '1000000', DAILY_OWNER_SMS_CAP: '1000000' },
    });
  });
  afterAll(async () => rig?.close());

  async function inBatches(count: number, width: number, run: (index: number) => Promise<void>): Promise<void> {
    for (let start = 0; start < count; start += width) {
      await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, offset) => run(start + offset)));
    }
  }

  it(`${LONG_TEXTS} maximum-length texts from one customer to one job are all stored and all forwarded`, async () => {
    const customer = '+447913000001';
    const started = Date.now();
    await inBatches(LONG_TEXTS, 4, async (index) => {
      now = new Date(Date.UTC(2024, 6, 1, 8, 0, 0, index * 10));
      const body = `${String(index).padStart(5, '0')} ${'x'.repeat(MAX_BODY - 6)}`;
      const result = await rig.sms(
        incomingSms(`SM${String(index).padStart(32, '0')}`, NUMBERS.aceBusiness, customer, body),
      );
      if (result.statusCode !== 200) throw new Error(`text ${index}: answered ${result.statusCode}`);
    });
    const seconds = (Date.now() - started) / 1000;

    const items = await rig.activityItems();
    const job = items.find((item) => item.sk === `OPENJOB#${customer}`);
    const messages = items.filter((item) => item.pk === `JOB#${String(job?.jobId)}`);
    const forwards = rig.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('x'.repeat(100)));
    const largest = largestItem(items);
    printFigures(`Long texts: ${LONG_TEXTS} texts of ${MAX_BODY} characters from one customer`, {
      'texts sent': LONG_TEXTS,
      'stored as job messages': messages.length,
      'job summary message count': Number(job?.messageCount),
      'forwarded to the owner': forwards.length,
      [`largest item (${largest.key}), bytes`]: largest.bytes,
      seconds: seconds,
    });
    expect(messages).toHaveLength(LONG_TEXTS);
    expect(job).toMatchObject({ messageCount: LONG_TEXTS, ref: 1 });
    expect(new Set(forwards.map((sms) => sms.body.slice(0, 60))).size).toBe(LONG_TEXTS);
    expect(forwards).toHaveLength(LONG_TEXTS);
    expect(largest.bytes).toBeLessThan(FIXED_ITEM_BOUND_BYTES);
  }, 1_800_000);

  it(`${CALLS_IN_ONE_DAY} missed calls to one business in one day, each callback delivered twice, are all recorded and texted back at most once`, async () => {
    const callers = Math.ceil(CALLS_IN_ONE_DAY / 4);
    const spacingMs = Math.floor(86_400_000 / CALLS_IN_ONE_DAY);
    const started = Date.now();
    await inBatches(CALLS_IN_ONE_DAY, 4, async (index) => {
      now = new Date(Date.UTC(2024, 6, 2, 0, 0, 0) + index * spacingMs);
      // Each caller calls four times in a row, all within the cooldown of the first call's text-back.
      const caller = `+447914${String(Math.floor(index / 4)).padStart(6, '0')}`;
      const params = callEnded(`CA${String(index).padStart(32, '0')}`, NUMBERS.aceBusiness, caller, 'no-answer');
      const [first, repeat] = await Promise.all([rig.status(params), rig.status(params)]);
      if (first.statusCode !== 200 || repeat.statusCode !== 200)
        throw new Error(`call ${index}: answered ${first.statusCode}/${repeat.statusCode}`);
    });
    const seconds = (Date.now() - started) / 1000;

    const items = await rig.activityItems();
    const records = items.filter((item) => String(item.pk).startsWith('CALL#CA'));
    const recorded = records.filter((item) => item.state === 'DONE' || item.state === 'SEND_FAILED');
    const textBacks = records.filter((item) => (item.textBack as { state?: string } | undefined)?.state === 'sent');
    const textBacksOut = rig.outbox().filter((sms) => sms.to.startsWith('+447914'));
    const ownerNotices = rig.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('+447914'));
    const largest = largestItem(items);
    printFigures(
      `Missed calls: ${CALLS_IN_ONE_DAY} in one day to one business, from ${callers} callers, every callback twice`,
      {
        calls: CALLS_IN_ONE_DAY,
        'calls recorded': recorded.length,
        'text-backs recorded as sent': textBacks.length,
        'text-backs Twilio accepted': textBacksOut.length,
        'owner notifications': ownerNotices.length,
        [`largest item (${largest.key}), bytes`]: largest.bytes,
        seconds: seconds,
      },
    );
    expect(recorded).toHaveLength(CALLS_IN_ONE_DAY);
    expect(textBacksOut).toHaveLength(textBacks.length);
    expect(textBacks.length).toBeLessThanOrEqual(callers);
    expect(ownerNotices).toHaveLength(CALLS_IN_ONE_DAY);
    // At most once per call, and never twice to one caller within the cooldown (30 minutes).
    const byCaller = new Map<string, number[]>();
    for (const record of textBacks)
      byCaller.set(String(record.callerId), [
        ...(byCaller.get(String(record.callerId)) ?? []),
        Date.parse(String(record.endedAt)),
      ]);
    for (const times of byCaller.values()) {
      times.sort((a, b) => a - b);
      for (let index = 1; index < times.length; index += 1)
        expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(30 * 60_000);
    }
    expect(largest.bytes).toBeLessThan(FIXED_ITEM_BOUND_BYTES);
  }, 3_600_000);
});

/** The largest item of the table, by its approximate DynamoDB size (names and values, sets included). */
function largestItem(items: readonly Item[]): { key: string; bytes: number } {
  return items
    .map((item) => ({
      key: `${String(item.pk).replace(/\+\d+/, '<number>')} / ${String(item.sk)}`,
      bytes: sizeOf(item),
    }))
    .reduce((a, b) => (a.bytes >= b.bytes ? a : b), { key: 'none', bytes: 0 });
}

function sizeOf(value: unknown): number {
  if (value instanceof Set) return [...value].reduce((sum: number, entry) => sum + String(entry).length, 0);
  if (Array.isArray(value)) return value.reduce((sum: number, entry) => sum + sizeOf(entry), 0);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).reduce((sum, [name, entry]) => sum + name.length + sizeOf(entry), 0);
  return String(value).length;
}
