import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { callEnded, incomingSms, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

describe('text-back rules', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const sentTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);

  it('a caller who calls twice within the cooldown is texted back once; the owner hears of both calls', async () => {
    await harness.status(callEnded(sid('CA', 'cool1'), NUMBERS.aceBusiness, NUMBERS.customer));
    await harness.status(callEnded(sid('CA', 'cool2'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).map((sms) => sms.body)).toEqual([
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (texted back recently).`,
    ]);
    expect(harness.metrics()[MetricName.TEXT_BACK_SKIPPED_COOLDOWN]).toBe(1);
    expect(await harness.activityItem(`CALL#${sid('CA', 'cool2')}`, 'CALL')).toMatchObject({
      textBack: { state: 'skipped', reason: 'texted back recently' },
    });
  });

  it('concurrent different calls from one caller still text back only once', async () => {
    await Promise.all(
      [sid('CA', 'c1'), sid('CA', 'c2'), sid('CA', 'c3'), sid('CA', 'c4')].map((callSid) =>
        harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer)),
      ),
    );

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(4);
  });

  it('two different callers are each texted back', async () => {
    await harness.status(callEnded(sid('CA', 'diff1'), NUMBERS.aceBusiness, NUMBERS.customer));
    await harness.status(callEnded(sid('CA', 'diff2'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.otherCustomer)).toHaveLength(1);
  });

  it('after the cooldown the same caller is texted back again', async () => {
    const short = await startHarness(undefined, { textBackCooldownMinutes: 1 });
    try {
      await short.status(callEnded(sid('CA', 'late1'), NUMBERS.aceBusiness, NUMBERS.customer));
      const realNow = Date.now();
      short.setNow(new Date(realNow + 61_000));
      await short.status(callEnded(sid('CA', 'late2'), NUMBERS.aceBusiness, NUMBERS.customer));

      expect(short.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(2);
    } finally {
      await short.close();
    }
  });

  it.each([
    ['one of our own numbers', NUMBERS.onboarding, 'caller is one of our numbers'],
    ['a number a client owns', NUMBERS.clientOwnedOnly, 'caller is one of our numbers'],
    ["the owner's own phone", NUMBERS.aceOwner, "caller is the owner's phone"],
  ])('a call from %s is never texted back', async (_label, from, reason) => {
    await harness.status(callEnded(sid('CA', 'loop'), NUMBERS.aceBusiness, from));

    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
    expect(await harness.activityItem(`CALL#${sid('CA', 'loop')}`, 'CALL')).toMatchObject({
      textBack: { state: 'skipped', reason },
    });
  });

  it('a business number calling itself is never texted back, and the exchange is still read in one call', async () => {
    harness.resetCounters();
    const response = await harness.status(callEnded(sid('CA', 'self'), NUMBERS.aceBusiness, NUMBERS.aceBusiness));

    expect(response.statusCode).toBe(200);
    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
    expect(harness.dynamoCalls[0]).toBe('BatchGetItemCommand');
  });

  it('a caller whose From equals ForwardedFrom is a loop and is never texted back', async () => {
    await harness.status(
      callEnded(sid('CA', 'fwd'), NUMBERS.aceBusiness, NUMBERS.customer, 'completed', {
        ForwardedFrom: NUMBERS.customer,
      }),
    );

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(harness.metrics()[MetricName.TEXT_BACK_SKIPPED_LOOP]).toBe(1);
  });
});

describe('the daily SMS cap per business (texts to callers and customers)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(undefined, { dailySmsCap: 1 });
  });
  afterEach(async () => harness.close());

  const sentTo = (phone: string) =>
    harness
      .outbox()
      .filter((sms) => sms.to === phone)
      .map((sms) => sms.body);

  it('stops texting callers back once the day cap is reached, counts it, and still alerts the owner of every call', async () => {
    await harness.status(callEnded(sid('CA', 'cap1'), NUMBERS.aceBusiness, NUMBERS.customer));
    await harness.status(callEnded(sid('CA', 'cap2'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.otherCustomer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner)).toEqual([
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
      'Ace Plumbing has sent its 1 texts to customers for today: callers get no text-back until midnight. You still get every alert.',
      `Missed call to Ace Plumbing from ${NUMBERS.otherCustomer}. No text-back sent (daily SMS cap reached).`,
    ]);
    expect(harness.metrics()[MetricName.SMS_DAILY_CAP_REACHED]).toBe(1);
    expect(await harness.activityItem(`CALL#${sid('CA', 'cap2')}`, 'CALL')).toMatchObject({
      textBack: { state: 'skipped', reason: 'daily SMS cap reached' },
      ownerNotification: { state: 'sent' },
    });
  });

  it('tells the owner the cap was reached once a day, however many calls follow', async () => {
    for (const [index, caller] of ['+447911000001', '+447911000002', '+447911000003', '+447911000004'].entries()) {
      await harness.status(callEnded(sid('CA', `capn${index}`), NUMBERS.aceBusiness, caller));
    }

    expect(sentTo(NUMBERS.aceOwner).filter((body) => body.includes('texts to customers for today'))).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).filter((body) => body.startsWith('Missed call'))).toHaveLength(4);
  });

  it('a customer text over the cap is stored on its job and still forwarded to the owner; only the acknowledgement is held back', async () => {
    await harness.status(callEnded(sid('CA', 'cap3'), NUMBERS.aceBusiness, NUMBERS.customer));
    await harness.sms(incomingSms(sid('SM', 'cap1'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Boiler broken'));

    expect(sentTo(NUMBERS.otherCustomer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner).some((body) => body.includes('Boiler broken'))).toBe(true);
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.otherCustomer}`)).toMatchObject({
      ref: 1,
      messageCount: 1,
    });
    expect(await harness.activityItem(`MESSAGE#${sid('SM', 'cap1')}`, 'MESSAGE')).toMatchObject({
      outcome: { forward: { state: 'sent' }, acknowledgement: { state: 'skipped', reason: 'daily SMS cap reached' } },
    });
  });

  it('a repeated callback over the cap is still a duplicate, not a second missed call', async () => {
    await harness.status(callEnded(sid('CA', 'cap4'), NUMBERS.aceBusiness, NUMBERS.customer));
    await harness.status(callEnded(sid('CA', 'cap5'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));
    await harness.status(callEnded(sid('CA', 'cap5'), NUMBERS.aceBusiness, NUMBERS.otherCustomer));

    expect(harness.metrics()[MetricName.MISSED_CALL]).toBe(2);
    expect(harness.metrics()[MetricName.STATUS_DUPLICATE]).toBe(1);
  });
});
