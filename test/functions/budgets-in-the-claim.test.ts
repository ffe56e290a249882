import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingSms, startHarness, type Harness, type HarnessOptions } from '../support/webhook-harness';

/**
 * The owner's alert and a first automated text take their daily budgets in the claim's own transaction (issue 9's
 * call counts with issue 10's budgets): what a spent budget, a duplicate and a race still do, through the real handlers.
 */
let harness: Harness;
const DAY = '2026-11-30';
const start = Date.parse(`${DAY}T08:00:00Z`);

function withHarness(options: HarnessOptions) {
  beforeEach(async () => {
    harness = await startHarness(TEST_SEED, options);
    harness.setNow(new Date(start));
  });
  afterEach(async () => harness.close());
}

const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const budget = async (line: string) => (await harness.activityItem('CLIENT#c1', `BUDGET#${DAY}#${line}`))?.sent;
/** Texts to callers and customers counted against DAILY_SMS_CAP today. */
const capSends = async () => (await harness.activityItem('CLIENT#c1', 'LEDGER'))?.[`sent#${DAY}`] ?? 0;
/** The n-th call, an hour after the one before: past the cooldown. */
const callAt = (n: number, from: string = NUMBERS.customer) => {
  harness.setNow(new Date(start + n * 3600_000));
  return harness.status(callEnded(sid('CA', `7${n}`), NUMBERS.aceBusiness, from));
};

describe('a caller past its automated texts for the day', () => {
  withHarness({ automatedTextsPerCounterpart: 1 });

  it('is not texted back, but the call is claimed, recorded and the owner told why', async () => {
    await callAt(0);
    await callAt(1);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (caller had its automated texts for today).`,
    );
    expect(await harness.activityItem(`CALL#${sid('CA', '71')}`, 'CALL')).toMatchObject({
      textBack: { state: 'skipped', reason: 'caller had its automated texts for today' },
      ownerNotification: { state: 'sent' },
    });
    expect(harness.metrics()[MetricName.SMS_COUNTERPART_LIMITED]).toBe(1);
    expect(harness.metrics()[MetricName.MISSED_CALL]).toBe(2);
  });

  it('costs no send against the daily cap and leaves the caller budget as it was', async () => {
    await callAt(0);
    await callAt(1);
    await callAt(2);

    expect(await capSends()).toBe(1);
    expect(await budget(`AUTO#${NUMBERS.customer}`)).toBe(1);
    expect(await budget('OWNER')).toBe(3);
  });

  it('still takes the cooldown slot, as the refused text-back did before it was folded into the claim', async () => {
    await callAt(0);
    await callAt(1);

    expect(await harness.activityItem('CLIENT#c1', `CALLER#${NUMBERS.customer}`)).toMatchObject({
      lastTextBackAt: new Date(start + 3600_000).toISOString(),
    });
  });

  it('costs one more claim only on that rare path: read, refused claim, claim without the text-back, record', async () => {
    await callAt(0);
    harness.resetCounters();
    await callAt(1);

    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
      'PutItemCommand',
    ]);
  });

  it('a repeat of the refused call is a duplicate: nothing sent, nothing counted again', async () => {
    await callAt(0);
    await callAt(1);
    await harness.status(callEnded(sid('CA', '71'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(harness.outbox()).toHaveLength(3);
    expect(harness.metrics()[MetricName.SMS_COUNTERPART_LIMITED]).toBe(1);
    expect(harness.metrics()[MetricName.STATUS_DUPLICATE]).toBe(1);
  });

  it('a customer text opening a job is stored and forwarded but not acknowledged, and costs no cap send', async () => {
    await callAt(0);
    await harness.sms(incomingSms(sid('SM', '70'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking'));

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toContain('#1 New job from');
    expect(await harness.activityItem(`MESSAGE#${sid('SM', '70')}`, 'MESSAGE')).toMatchObject({
      outcome: { acknowledgement: { state: 'skipped', reason: 'customer had its automated texts for today' } },
    });
    expect(await capSends()).toBe(1);
    expect(harness.metrics()[MetricName.SMS_COUNTERPART_LIMITED]).toBe(1);
  });
});

describe("a business past the owner's alerts for the day", () => {
  withHarness({ dailyOwnerSmsCap: 1 });

  it('still texts the caller back; the owner gets the one notice that the alerts stopped', async () => {
    await callAt(0, '+447912000101');
    await callAt(1, '+447912000102');

    expect(sentTo('+447912000102')).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(2);
    expect(sentTo(NUMBERS.aceOwner)[1]).toContain('has had its 1 alerts for today');
    expect(await harness.activityItem(`CALL#${sid('CA', '71')}`, 'CALL')).toMatchObject({
      textBack: { state: 'sent' },
      ownerNotification: { state: 'skipped', reason: 'daily owner SMS cap reached' },
    });
    expect(harness.metrics()[MetricName.SMS_OWNER_CAP_REACHED]).toBe(1);
  });

  it('still acknowledges a customer opening a job, and keeps the job', async () => {
    await callAt(0, '+447912000101');
    await harness.sms(incomingSms(sid('SM', '71'), NUMBERS.aceBusiness, NUMBERS.customer, 'Boiler'));

    expect(sentTo(NUMBERS.customer)).toEqual([expect.stringContaining('Ace Plumbing')]);
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      ref: 1,
    });
    expect(await harness.activityItem(`MESSAGE#${sid('SM', '71')}`, 'MESSAGE')).toMatchObject({
      outcome: { forward: { state: 'skipped', reason: 'daily owner SMS cap reached' } },
    });
  });

  it('a forward in two parts never half goes out past a budget with room for one', async () => {
    harness.setNow(new Date(start));
    const body = `Start ${'long description of the job '.repeat(71)}End`.slice(0, 2000);
    await harness.sms(incomingSms(sid('SM', '72'), NUMBERS.aceBusiness, NUMBERS.customer, body));

    expect(sentTo(NUMBERS.aceOwner)).toEqual([expect.stringContaining('has had its 1 alerts for today')]);
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(await budget('OWNER')).toBeUndefined();
  });
});

describe('both budgets spent at once', () => {
  withHarness({ automatedTextsPerCounterpart: 1, dailyOwnerSmsCap: 1 });

  it('the call is still claimed and recorded, with neither text sent nor counted', async () => {
    await callAt(0);
    await callAt(1);

    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.customer, NUMBERS.aceOwner, NUMBERS.aceOwner]);
    expect(await harness.activityItem(`CALL#${sid('CA', '71')}`, 'CALL')).toMatchObject({
      textBack: { state: 'skipped', reason: 'caller had its automated texts for today' },
      ownerNotification: { state: 'skipped', reason: 'daily owner SMS cap reached' },
    });
    expect(await budget('OWNER')).toBe(1);
    expect(await budget(`AUTO#${NUMBERS.customer}`)).toBe(1);
    expect(await capSends()).toBe(1);
  });
});

describe('concurrent duplicates', () => {
  withHarness({});

  it('five simultaneous deliveries of one missed call text the caller and the owner once, and take each budget once', async () => {
    const update = callEnded(sid('CA', '79'), NUMBERS.aceBusiness, NUMBERS.customer);
    const responses = await Promise.all(Array.from({ length: 5 }, () => harness.status(update)));

    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(1);
    expect(await budget(`AUTO#${NUMBERS.customer}`)).toBe(1);
    expect(await budget('OWNER')).toBe(1);
    expect(await capSends()).toBe(1);
  });

  it('five simultaneous deliveries of one customer text store, forward and acknowledge it once', async () => {
    const text = incomingSms(sid('SM', '79'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking');
    await Promise.all(Array.from({ length: 5 }, () => harness.sms(text)));

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(1);
    expect(await budget(`AUTO#${NUMBERS.customer}`)).toBe(1);
    expect(await budget('OWNER')).toBe(1);
  });
});
