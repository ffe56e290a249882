import { NUMBERS, TEST_SEED } from '../support/seeds';
import { callEnded } from '../support/webhook-harness';
import type { Item } from './support/activity-records';
import { startFaultRig, type FaultRig } from './support/fault-rig';
import { printFigures } from './support/figures';
import { scaled } from './support/scale';
import { sid } from '../support/sid';

const CALLS_PER_DAY = scaled(300, 100);
/** DynamoDB refuses any item over 400 KB: an item every call rewrites must not creep towards it. */
const ITEM_LIMIT_BYTES = 400 * 1024;

describe('items every webhook of a business rewrites, over days of missed calls from new callers', () => {
  let rig: FaultRig;
  let now = new Date('2024-06-11T09:00:00Z');

  beforeAll(async () => {
    rig = await startFaultRig(TEST_SEED, { inMemory: true, clock: { now: () => now }, env: { DAILY_SMS_CAP: '100000' } });
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

  it("keep only what the cooldown and the last days need: they do not grow with every caller ever texted back", async () => {
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
      'distinct callers until it passes 400 KB': growthPerCaller > 0 ? Math.round((ITEM_LIMIT_BYTES - aWeekLater.bytes) / growthPerCaller) + 2 * CALLS_PER_DAY : Number.POSITIVE_INFINITY,
    });
    expect(aWeekLater.key).toBe(afterOneDay.key);
    expect(aWeekLater.bytes).toBeLessThan(afterOneDay.bytes * 1.25);
  }, 600_000);
});

/** The largest item of the table, by its approximate DynamoDB size (names and values, sets included). */
function largestItem(items: readonly Item[]): { key: string; bytes: number } {
  return items.map((item) => ({ key: `${String(item.pk).replace(/\+\d+/, '<number>')} / ${String(item.sk)}`, bytes: sizeOf(item) })).reduce((a, b) => (a.bytes >= b.bytes ? a : b), { key: 'none', bytes: 0 });
}

function sizeOf(value: unknown): number {
  if (value instanceof Set) return [...value].reduce((sum: number, entry) => sum + String(entry).length, 0);
  if (Array.isArray(value)) return value.reduce((sum: number, entry) => sum + sizeOf(entry), 0);
  if (value !== null && typeof value === 'object') return Object.entries(value).reduce((sum, [name, entry]) => sum + name.length + sizeOf(entry), 0);
  return String(value).length;
}
