import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { callEnded, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

describe('POST /twilio/status', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  describe('a missed call to a business number (OPERATIONAL with its client)', () => {
    it('texts the caller back once, from the business number, in the business name, and tells the owner', async () => {
      const response = await harness.status(callEnded(sid('CA', '200'), NUMBERS.aceBusiness, NUMBERS.customer));

      expect(response.statusCode).toBe(200);
      expect(harness.outbox()).toEqual([
        {
          sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
          to: NUMBERS.customer,
          from: NUMBERS.aceBusiness,
          body: expect.stringContaining('Sorry we missed your call at Ace Plumbing.'),
        },
        {
          sid: expect.stringMatching(/^SM/),
          to: NUMBERS.aceOwner,
          from: NUMBERS.aceBusiness,
          body: `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
        },
      ]);
      expect(harness.metrics()).toMatchObject({
        [MetricName.MISSED_CALL]: 1,
        [MetricName.TEXT_BACK_SENT]: 1,
        [MetricName.OWNER_NOTIFIED]: 1,
      });
    });

    it('records the call and what was sent for it', async () => {
      await harness.status(callEnded(sid('CA', '201'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));

      const [textBack, owner] = harness.outbox();
      expect(await harness.activityItem(`CALL#${sid('CA', '201')}`, 'CALL')).toMatchObject({
        callSid: sid('CA', '201'),
        clientId: 'c1',
        callerId: NUMBERS.customer,
        callStatus: 'no-answer',
        state: 'DONE',
        textBack: { state: 'sent', sid: textBack?.sid },
        ownerNotification: { state: 'sent', sid: owner?.sid },
        expiresAt: expect.any(Number),
      });
    });

    it('a call forwarded from the owner mobile is texted back to the original caller', async () => {
      await harness.status(
        callEnded(sid('CA', '202'), NUMBERS.aceBusiness, NUMBERS.customer, 'completed', {
          ForwardedFrom: NUMBERS.aceOwner,
        }),
      );

      expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.customer, NUMBERS.aceOwner]);
    });

    it.each(['busy', 'no-answer', 'canceled', 'completed'])(
      'a call that ended %s is a missed call',
      async (callStatus) => {
        await harness.status(callEnded(sid('CA', '203'), NUMBERS.aceBusiness, NUMBERS.customer, callStatus));

        expect(harness.outbox()).toHaveLength(2);
      },
    );

    it('a callback for a call still in progress sends nothing', async () => {
      await harness.status(callEnded(sid('CA', '204'), NUMBERS.aceBusiness, NUMBERS.customer, 'ringing'));

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.STATUS_NOT_FINAL]).toBe(1);
    });

    it('a number owned by a client but missing from the number table gets the missed-call flow through its client', async () => {
      await harness.status(callEnded(sid('CA', '205'), NUMBERS.clientOwnedOnly, NUMBERS.customer));

      expect(harness.outbox()).toEqual([
        expect.objectContaining({
          to: NUMBERS.customer,
          from: NUMBERS.clientOwnedOnly,
          body: expect.stringContaining('Cosy Heating'),
        }),
        expect.objectContaining({ to: NUMBERS.clientOwnedOnlyOwner }),
      ]);
    });
  });

  describe('callers we must never text', () => {
    it.each([
      ['an empty caller ID', ''],
      ['Anonymous', 'Anonymous'],
      ['Unknown', 'Unknown'],
      ['Twilio spelled ANONYMOUS', '+266696687'],
      ['Twilio spelled RESTRICTED', '+7378742833'],
      ['Twilio spelled BLOCKED', '+2562533'],
      ['Twilio spelled UNKNOWN', '+8656696'],
      ['Twilio spelled UNAVAILABLE', '+86282452253'],
      ['a garbage caller ID', 'client:alice'],
      ['an invalid number', '+4412'],
    ])('%s gets no text-back, and the owner is still told of the missed call', async (_label, from) => {
      await harness.status(callEnded(sid('CA', '210'), NUMBERS.aceBusiness, from));

      expect(harness.outbox()).toEqual([
        {
          sid: expect.any(String),
          to: NUMBERS.aceOwner,
          from: NUMBERS.aceBusiness,
          body: 'Missed call to Ace Plumbing from a withheld or invalid number. No text-back was possible.',
        },
      ]);
      expect(harness.metrics()[MetricName.TEXT_BACK_SKIPPED_WITHHELD]).toBe(1);
      expect(await harness.activityItem(`CALL#${sid('CA', '210')}`, 'CALL')).toMatchObject({
        textBack: { state: 'skipped' },
      });
    });
  });

  describe('repeated callbacks', () => {
    it('the same callback twice sends one text-back and one owner notification', async () => {
      await harness.status(callEnded(sid('CA', '220'), NUMBERS.aceBusiness, NUMBERS.customer));
      const repeat = await harness.status(callEnded(sid('CA', '220'), NUMBERS.aceBusiness, NUMBERS.customer));

      expect(repeat.statusCode).toBe(200);
      expect(harness.outbox()).toHaveLength(2);
      expect(harness.metrics()[MetricName.STATUS_DUPLICATE]).toBe(1);
    });

    it('ten concurrent repeats of one callback send one text-back and one owner notification', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          harness.status(callEnded(sid('CA', '221'), NUMBERS.aceBusiness, NUMBERS.customer)),
        ),
      );

      expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner)).toHaveLength(1);
      expect(harness.metrics()[MetricName.STATUS_DUPLICATE]).toBe(9);
    });

    it('two different calls from the same caller are two missed calls', async () => {
      await harness.status(callEnded(sid('CA', '222'), NUMBERS.aceBusiness, NUMBERS.customer));
      await harness.status(callEnded(sid('CA', '223'), NUMBERS.aceBusiness, NUMBERS.customer));

      expect(harness.metrics()[MetricName.MISSED_CALL]).toBe(2);
    });
  });

  describe('numbers that must never send', () => {
    it('a callback for the onboarding number sends nothing and is counted as an invariant violation', async () => {
      const response = await harness.status(callEnded(sid('CA', '230'), NUMBERS.onboarding, NUMBERS.customer));

      expect(response.statusCode).toBe(200);
      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.STATUS_ONBOARDING_VIOLATION]).toBe(1);
      expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'CRITICAL', callSid: sid('CA', '230') }));
    });

    it('a callback for a SYSTEM number sends nothing and is counted', async () => {
      await harness.status(callEnded(sid('CA', '231'), NUMBERS.pooled, NUMBERS.customer));

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.VOICE_SYSTEM_NUMBER]).toBe(1);
    });

    it('a callback for an unknown number sends nothing, least of all an onboarding text', async () => {
      await harness.status(callEnded(sid('CA', '232'), NUMBERS.unknown, NUMBERS.customer));

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.VOICE_SYSTEM_NUMBER]).toBe(1);
      expect(harness.metrics()[MetricName.STATUS_ONBOARDING_VIOLATION]).toBeUndefined();
    });

    it('an OPERATIONAL number whose client record is missing sends nothing and raises a critical error', async () => {
      const response = await harness.status(callEnded(sid('CA', '233'), NUMBERS.orphanOperational, NUMBERS.customer));

      expect(response.statusCode).toBe(200);
      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.STATUS_OPERATIONAL_NO_CLIENT]).toBe(1);
      expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'CRITICAL', callSid: sid('CA', '233') }));
      expect(await harness.activityItem(`CALL#${sid('CA', '233')}`, 'CALL')).toBeUndefined();
    });
  });

  describe('when Twilio refuses a send', () => {
    // A refusal for good; a 5xx, a 429 or no answer is queued and sent again (twilio-send-retries.test.ts).
    it('the failure is recorded on the call and counted, and the owner is still told', async () => {
      harness.twilioApi.injectFaults({
        kind: 'error',
        status: 400,
        code: 21408,
        message: 'Permission to send an SMS has not been enabled for the region',
      });

      const response = await harness.status(callEnded(sid('CA', '240'), NUMBERS.aceBusiness, NUMBERS.customer));

      expect(response.statusCode).toBe(200);
      expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
      expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBe(1);
      expect(await harness.activityItem(`CALL#${sid('CA', '240')}`, 'CALL')).toMatchObject({
        state: 'SEND_FAILED',
        textBack: { state: 'failed', providerCode: 21408 },
        ownerNotification: { state: 'sent' },
      });
    });
  });

  it.each([
    ['the onboarding number', NUMBERS.onboarding],
    ['a SYSTEM number', NUMBERS.pooled],
    ['an OPERATIONAL number without its client', NUMBERS.orphanOperational],
  ])('reads once and writes nothing for %s', async (_label, to) => {
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', '251'), to, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand']);
  });

  it("makes three DynamoDB calls for a missed call: read, claim with cap, cooldown and the caller's and the owner's daily budgets in one transaction, record", async () => {
    // Counted warm: this function has read the business's items under its client before (see the cold case below).
    await harness.status(callEnded(sid('CA', '249'), NUMBERS.aceBusiness, 'anonymous'));
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', '250'), NUMBERS.aceBusiness, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });

  it("makes three DynamoDB calls for a missed call that is not texted back: read, claim with the owner's budget, record", async () => {
    // Counted warm: this function has read the business's items under its client before (see the cold case below).
    await harness.status(callEnded(sid('CA', '254'), NUMBERS.aceBusiness, 'anonymous'));
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', '253'), NUMBERS.aceBusiness, 'anonymous'));
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });

  it("the first exchange of a business number in a fresh function reads the business's own items once more: one BatchGetItem", async () => {
    // Cold: the business's items are keyed by its client, which the first read (the directory, in the same batch) names.
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', '255'), NUMBERS.aceBusiness, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'PutItemCommand',
    ]);
  });

  it('a replay of a recorded call reads once and writes nothing', async () => {
    await harness.status(callEnded(sid('CA', '252'), NUMBERS.aceBusiness, NUMBERS.customer));
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', '252'), NUMBERS.aceBusiness, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand']);
  });
});
