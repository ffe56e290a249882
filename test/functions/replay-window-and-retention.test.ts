import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';

const DAY_MS = 86_400_000;
const YEAR_S = 365 * 86_400;
const START = new Date('2026-03-02T10:00:00Z');

describe('the 30-day replay window', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    harness.setNow(START);
  });
  afterEach(async () => harness.close());

  it('a missed call replayed 29 days later sends nothing again', async () => {
    await harness.status(callEnded(sid('CA', '700'), NUMBERS.aceBusiness, NUMBERS.customer));
    harness.setNow(new Date(START.getTime() + 29 * DAY_MS));

    const replay = await harness.status(callEnded(sid('CA', '700'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(replay.statusCode).toBe(200);
    expect(harness.outbox()).toHaveLength(2);
    expect(harness.metrics()[MetricName.STATUS_DUPLICATE]).toBe(1);
  });

  it("a customer's text replayed 29 days later is stored once and sends nothing again", async () => {
    await harness.sms(incomingSms(sid('SM', '700'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    harness.setNow(new Date(START.getTime() + 29 * DAY_MS));

    await harness.sms(incomingSms(sid('SM', '700'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));

    expect(harness.outbox()).toHaveLength(2);
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      messageCount: 1,
    });
  });

  it("the owner's JOBS replayed within the window is answered once", async () => {
    await harness.sms(incomingSms(sid('SM', '701'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));
    harness.setNow(new Date(START.getTime() + 20 * DAY_MS));

    await harness.sms(incomingSms(sid('SM', '701'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));

    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner)).toHaveLength(1);
  });

  it("the owner's DONE replayed after a new job took the customer is answered once and closes nothing more", async () => {
    await harness.sms(incomingSms(sid('SM', '702'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    await harness.sms(incomingSms(sid('SM', '703'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'DONE #1'));
    await harness.sms(incomingSms(sid('SM', '704'), NUMBERS.aceBusiness, NUMBERS.customer, 'Radiator now'));

    await harness.sms(incomingSms(sid('SM', '703'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'DONE #1'));

    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body === 'Job #1 closed.')).toHaveLength(
      1,
    );
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      ref: 2,
    });
  });

  it("concurrent repeats of the owner's reply relay it once", async () => {
    await harness.sms(incomingSms(sid('SM', '705'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    await Promise.all(
      Array.from({ length: 6 }, () =>
        harness.sms(incomingSms(sid('SM', '706'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way')),
      ),
    );

    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer && sms.body === 'On my way')).toHaveLength(1);
  });
});

describe('daily cap slots on failure', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    harness.setNow(START);
  });
  afterEach(async () => harness.close());

  it("a customer's text that cannot be stored reserves no send: the day's count is untouched until the queue finishes it", async () => {
    const restore = harness.failDynamo(onItem('TransactWriteItemsCommand', 'MESSAGE#'));
    const failed = await harness.sms(incomingSms(sid('SM', '710'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    restore();

    // Queued for redelivery and answered 200 (durable redelivery): nothing was reserved by the failed attempt.
    expect(failed.statusCode).toBe(200);
    expect((await harness.activityItem('CLIENT#c1', 'LEDGER'))?.['sent#2026-03-02']).toBeUndefined();
  });

  it('a repeated missed call reserves no second send (only its text-back counts against the cap)', async () => {
    await harness.status(callEnded(sid('CA', '710'), NUMBERS.aceBusiness, NUMBERS.customer));
    await Promise.all(
      Array.from({ length: 5 }, () =>
        harness.status(callEnded(sid('CA', '710'), NUMBERS.aceBusiness, NUMBERS.customer)),
      ),
    );

    expect((await harness.activityItem('CLIENT#c1', 'LEDGER'))?.['sent#2026-03-02']).toBe(1);
  });

  it('the ledger holds counters only, however many callers were texted back', async () => {
    for (let index = 0; index < 20; index += 1)
      await harness.status(
        callEnded(sid('CA', `72${index}`), NUMBERS.aceBusiness, `+4479121000${String(index).padStart(2, '0')}`),
      );

    const ledger = (await harness.activityItem('CLIENT#c1', 'LEDGER')) ?? {};
    expect(Object.keys(ledger).sort()).toEqual(['pk', 'sent#2026-03-02', 'sk']);
  });
});

describe('retention: every activity record expires as the README says', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    harness.setNow(START);
  });
  afterEach(async () => harness.close());
  const aYearFrom = (at: Date) => Math.floor(at.getTime() / 1000) + YEAR_S;

  it('a call record (and claim) expires a year after the call; the caller cooldown a day after its window', async () => {
    await harness.status(callEnded(sid('CA', '730'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(await harness.activityItem(`CALL#${sid('CA', '730')}`, 'CALL')).toMatchObject({
      expiresAt: aYearFrom(START),
    });
    const cooldown = await harness.activityItem('CLIENT#c1', `CALLER#${NUMBERS.customer}`);
    expect(Number(cooldown?.expiresAt)).toBeGreaterThan(START.getTime() / 1000);
    expect(Number(cooldown?.expiresAt)).toBeLessThanOrEqual(START.getTime() / 1000 + 2 * 86_400);
  });

  it('messages expire a year after they were written, a closed job a year after it closed', async () => {
    await harness.sms(incomingSms(sid('SM', '730'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    const closedAt = new Date(START.getTime() + 3 * DAY_MS);
    harness.setNow(closedAt);
    await harness.sms(incomingSms(sid('SM', '731'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'DONE #1'));

    const items = await harness.activityItems();
    expect(items.find((item) => String(item.pk).startsWith('JOB#'))).toMatchObject({ expiresAt: aYearFrom(START) });
    expect(items.find((item) => String(item.sk).startsWith('JOB#'))).toMatchObject({
      status: 'DONE',
      expiresAt: aYearFrom(closedAt),
    });
    expect(await harness.activityItem(`MESSAGE#${sid('SM', '730')}`, 'MESSAGE')).toMatchObject({
      expiresAt: aYearFrom(START),
    });
  });

  it('a sign-up conversation expires a year after its last change', async () => {
    await harness.sms(incomingSms(sid('SM', '732'), NUMBERS.onboarding, '+447922334455', 'Hi'));

    expect(await harness.activityItem('SIGNUP#+447922334455', 'SIGNUP')).toMatchObject({ expiresAt: aYearFrom(START) });
  });

  it('an open job and an opt-out have no expiry: they live as long as the job is open and the number is assigned', async () => {
    await harness.sms(incomingSms(sid('SM', '733'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    await harness.sms(incomingSms(sid('SM', '734'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'STOP'));

    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).not.toHaveProperty('expiresAt');
    expect(
      await harness.activityItem(`BIZ#${NUMBERS.aceBusiness}`, `CONTACT#${NUMBERS.otherCustomer}`),
    ).not.toHaveProperty('expiresAt');
  });
});
