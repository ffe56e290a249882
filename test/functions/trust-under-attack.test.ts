import { parseSeed } from '../../local/seed';
import { MetricName } from '../../shared/metric-names';
import { CONFIG_ONBOARDING_SEED, NUMBERS, TEST_SEED } from '../support/seeds';
import { callEnded, incomingSms, startHarness, type Harness, type HarnessOptions } from '../support/webhook-harness';

/** Attacks from issue 10, tried through the webhooks as an attacker would, with what the outbox shows. */
let harness: Harness;
let sids = 0;
const nextSid = (prefix: 'CA' | 'SM') => {
  sids += 1;
  return `${prefix}${String(sids).padStart(32, '0')}`;
};
/** A job's messages: each its own item under `JOB#<jobId>`, oldest first. */
const messagesOf = async (job: Record<string, unknown> | undefined) =>
  (await harness.activityItems())
    .filter((item) => item.pk === `JOB#${String(job?.jobId)}`)
    .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
const call = (to: string, from: string) => harness.status(callEnded(nextSid('CA'), to, from));
const text = (to: string, from: string, body: string, extra = {}) =>
  harness.sms(incomingSms(nextSid('SM'), to, from, body, extra));
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
/** Runs `count` requests, ten at a time, as a flood would arrive. */
async function flood(count: number, request: (index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - start) }, (_, offset) => request(start + offset)));
  }
}
const FLOOD_TIMEOUT_MS = 120_000;
const photoUrl = (n: number) =>
  `https://api.twilio.com/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages/MM${'0'.repeat(31)}${n}/Media/ME${'0'.repeat(31)}${n}`;

function withHarness(seed = TEST_SEED, options: HarnessOptions = {}) {
  beforeEach(async () => {
    harness = await startHarness(seed, options);
  });
  afterEach(async () => harness.close());
}

describe('no loops between our own numbers', () => {
  withHarness();

  it.each([
    ['the onboarding number', NUMBERS.onboarding],
    ['a number a client owns', NUMBERS.clientOwnedOnly],
    ['a pool number', NUMBERS.pooled],
    ['the business number itself', NUMBERS.aceBusiness],
  ])(
    'a text from %s to a business number is stored, never answered, forwarded or made a job, and counted',
    async (_label, from) => {
      await text(NUMBERS.aceBusiness, from, 'Hello?');

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_LOOP_BLOCKED]).toBe(1);
      expect((await harness.activityItems()).filter((item) => String(item.sk).startsWith('OPENJOB#'))).toEqual([]);
      expect((await harness.activityItems()).find((item) => String(item.pk).startsWith('MESSAGE#'))).toMatchObject({
        outcome: { state: 'loop-blocked' },
      });
    },
  );

  it.each([
    ['a business number', NUMBERS.aceBusiness],
    ['a number a client owns', NUMBERS.clientOwnedOnly],
  ])('a text from %s to the onboarding number gets no sign-up reply', async (_label, from) => {
    await text(NUMBERS.onboarding, from, 'Hi');

    expect(harness.outbox()).toEqual([]);
    expect(harness.metrics()[MetricName.SMS_LOOP_BLOCKED]).toBe(1);
  });

  it('a loop attempt costs three DynamoDB calls: the exchange, the message stored, its outcome', async () => {
    // Counted warm: this function has read the business's items under its client before.
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Hello');
    harness.resetCounters();
    await text(NUMBERS.aceBusiness, NUMBERS.onboarding, 'Hello?');

    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'PutItemCommand', 'UpdateItemCommand']);
  });

  it("the owner's own reply from their phone is still relayed: the guard is about our numbers, not the owner", async () => {
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way');

    expect(sentTo(NUMBERS.customer).at(-1)).toBe('On my way');
    expect(harness.metrics()[MetricName.SMS_LOOP_BLOCKED]).toBeUndefined();
  });

  it.each([
    [
      'a table business number to a client-owned one',
      NUMBERS.clientOwnedOnly,
      NUMBERS.aceBusiness,
      NUMBERS.clientOwnedOnlyOwner,
    ],
    [
      'a client-owned number to a table business number',
      NUMBERS.aceBusiness,
      NUMBERS.clientOwnedOnly,
      NUMBERS.aceOwner,
    ],
  ])('a call from %s is never texted back; its owner is still told', async (_label, to, from, owner) => {
    await call(to, from);

    expect(harness.outbox().map((sms) => sms.to)).toEqual([owner]);
  });
});

describe('no loops when the onboarding number is configured only', () => {
  withHarness(CONFIG_ONBOARDING_SEED);

  it('a call from the onboarding number to a business number is never texted back', async () => {
    await call(NUMBERS.aceBusiness, NUMBERS.onboarding);

    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
  });

  it('a text from the onboarding number to a business number is never forwarded or acknowledged', async () => {
    await text(NUMBERS.aceBusiness, NUMBERS.onboarding, 'Welcome! What is your business name?');

    expect(harness.outbox()).toEqual([]);
    expect(harness.metrics()[MetricName.SMS_LOOP_BLOCKED]).toBe(1);
  });
});

describe('a business whose alert phone is the onboarding number (signed up before sign-up refused it)', () => {
  const LOOPED_BUSINESS = '+447476955160';
  withHarness(
    parseSeed({
      numbers: [...TEST_SEED.numbers, { phone: LOOPED_BUSINESS, role: 'OPERATIONAL', clientId: 'c-loop' }],
      clients: [
        ...TEST_SEED.clients,
        { id: 'c-loop', businessName: 'Loop Ltd', ownerPhone: NUMBERS.onboarding, twilioNumber: LOOPED_BUSINESS },
      ],
      onboardingNumber: NUMBERS.onboarding,
    }),
  );

  it('one missed call sends its two texts and the alert bouncing back on the onboarding number goes no further', async () => {
    await call(LOOPED_BUSINESS, NUMBERS.customer);
    const [alert] = sentTo(NUMBERS.onboarding);
    // Twilio delivers the alert to the onboarding number, our own: it arrives as an inbound text from the business number.
    await text(NUMBERS.onboarding, LOOPED_BUSINESS, alert ?? '');

    expect(harness.outbox()).toHaveLength(2);
    expect(harness.metrics()[MetricName.SMS_LOOP_BLOCKED]).toBe(1);
  });
});

describe('destination control', () => {
  withHarness();

  it.each([
    ['a UK 09 premium-rate number', '+449098790000', 'premium-rate number'],
    ['a UK 0871 number', '+448712345678', 'premium-rate number'],
    ['a US 1-900 number', '+19005551234', 'premium-rate number'],
    ['an Iridium satellite phone', '+881612345678', 'satellite or international network number'],
    ['a +882 international network', '+88234567890', 'satellite or international network number'],
    ['a Comoros number', '+2693212345', 'number outside the countries we serve'],
    ['a Cuban number', '+5351234567', 'number outside the countries we serve'],
    ['a London landline', '+442079460099', 'landline'],
  ])(
    'a missed call from %s is not texted back; the owner is told why and the refusal is counted and logged masked',
    async (_label, caller, reason) => {
      await call(NUMBERS.aceBusiness, caller);

      expect(sentTo(caller)).toEqual([]);
      expect(sentTo(NUMBERS.aceOwner)).toEqual([
        `Missed call to Ace Plumbing from ${caller}. We couldn't text them back: ${reason}.`,
      ]);
      expect(harness.metrics()[MetricName.SMS_DESTINATION_BLOCKED]).toBe(1);
      const logged = harness.logs.find((entry) => entry.message === 'destination refused: nothing sent');
      expect(logged).toMatchObject({ reason, to: `***${caller.slice(-4)}` });
      expect(JSON.stringify(harness.logs)).not.toContain(caller);
    },
  );

  it('a US number typed "fixed line or mobile" is texted back', async () => {
    await call(NUMBERS.aceBusiness, '+14155552671');

    expect(sentTo('+14155552671')).toHaveLength(1);
  });

  it('a Guernsey mobile (+44 7781) is texted back', async () => {
    await call(NUMBERS.aceBusiness, '+447781123456');

    expect(sentTo('+447781123456')).toHaveLength(1);
  });

  it('a customer text from a premium-rate number reaches the owner, saying they cannot be texted back, and is never acknowledged', async () => {
    await text(NUMBERS.aceBusiness, '+449098790000', 'Call me back');

    expect(sentTo('+449098790000')).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner)[0]).toContain(
      "#1 New job from +449098790000 (we couldn't text them back: premium-rate number):\nCall me back",
    );
  });

  it("the owner's reply to a customer on a landline is not relayed, and the owner is told why", async () => {
    await text(NUMBERS.aceBusiness, '+442079460099', 'Quote please');
    await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'Sure, £80');

    expect(sentTo('+442079460099')).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe('Your reply to job #1 was not sent: landline.');
  });

  it(
    '300 HELP texts from a foreign number get no reply at all',
    async () => {
      await flood(300, () => text(NUMBERS.aceBusiness, '+2693212345', 'HELP'));

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_DESTINATION_BLOCKED]).toBe(300);
    },
    FLOOD_TIMEOUT_MS,
  );

  it('HELP from a served mobile is answered once a day, however often it is sent', async () => {
    for (let index = 0; index < 5; index += 1) await text(NUMBERS.aceBusiness, NUMBERS.customer, 'INFO');

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_COUNTERPART_LIMITED]).toBe(4);
  });

  it('HELP costs five DynamoDB calls: the exchange, the message stored, its once-a-day budget, the daily cap, its outcome', async () => {
    // Counted warm: this function has read the business's items under its client before.
    await text(NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Hello');
    harness.resetCounters();
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'HELP');

    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
    ]);
  });

  it('STOP is still applied after HELP was answered, and nothing more is sent', async () => {
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'HELP');
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'STOP');
    await call(NUMBERS.aceBusiness, NUMBERS.customer);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_OPTED_OUT]).toBe(1);
  });
});

describe('automated texts per counterpart per day', () => {
  withHarness(TEST_SEED, { textBackCooldownMinutes: 1 });

  it('a caller calling again and again gets at most 3 text-backs a day; the owner hears of every call', async () => {
    const start = Date.parse('2026-11-30T08:00:00Z');
    for (let index = 0; index < 5; index += 1) {
      harness.setNow(new Date(start + index * 5 * 60_000));
      await call(NUMBERS.aceBusiness, NUMBERS.customer);
    }

    expect(sentTo(NUMBERS.customer)).toHaveLength(3);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(5);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (caller had its automated texts for today).`,
    );
    expect(harness.metrics()[MetricName.SMS_COUNTERPART_LIMITED]).toBe(2);
  });

  it('the next day the caller can be texted back again', async () => {
    const start = Date.parse('2026-11-30T08:00:00Z');
    for (let index = 0; index < 4; index += 1) {
      harness.setNow(new Date(start + index * 5 * 60_000));
      await call(NUMBERS.aceBusiness, NUMBERS.customer);
    }
    harness.setNow(new Date(start + 24 * 3600_000));
    await call(NUMBERS.aceBusiness, NUMBERS.customer);

    expect(sentTo(NUMBERS.customer)).toHaveLength(4);
  });

  it('owner replies relayed to a customer are not limited: the owner is a person writing', async () => {
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking');
    for (let index = 0; index < 5; index += 1) await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, `Update ${index}`);

    expect(sentTo(NUMBERS.customer)).toHaveLength(6);
  });
});

describe('owner alerts are never silenced by a flood', () => {
  withHarness();

  it(
    'after 100 calls from spoofed caller IDs, the owner is still told of the next real call and the caller texted back',
    async () => {
      await flood(100, (index) => call(NUMBERS.aceBusiness, `+447922${String(index).padStart(6, '0')}`));
      await call(NUMBERS.aceBusiness, NUMBERS.customer);

      expect(sentTo(NUMBERS.aceOwner)).toHaveLength(101);
      expect(harness.outbox().filter((sms) => sms.to.startsWith('+447922'))).toHaveLength(100);
      expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
        `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
      );
      expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    },
    FLOOD_TIMEOUT_MS,
  );
});

describe('the owner budget', () => {
  withHarness(TEST_SEED, { dailyOwnerSmsCap: 3 });

  it('past the owner budget messages are still stored, the owner is told once, and JOBS lists them all', async () => {
    for (let index = 0; index < 5; index += 1)
      await text(NUMBERS.aceBusiness, `+44791200000${index}`, `Job number ${index}`);
    await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS');

    const toOwner = sentTo(NUMBERS.aceOwner);
    expect(toOwner.filter((body) => body.includes('New job'))).toHaveLength(3);
    expect(toOwner.filter((body) => body.includes('has had its 3 alerts for today'))).toHaveLength(1);
    expect(toOwner.at(-1)).toMatch(/^Open jobs:/);
    expect(toOwner.at(-1)!.split('\n')).toHaveLength(6);
    expect(harness.metrics()[MetricName.SMS_OWNER_CAP_REACHED]).toBe(2);
    expect((await harness.activityItems()).filter((item) => String(item.sk).startsWith('OPENJOB#'))).toHaveLength(5);
  });

  it('customers past the owner budget are still acknowledged', async () => {
    for (let index = 0; index < 5; index += 1)
      await text(NUMBERS.aceBusiness, `+44791200000${index}`, `Job number ${index}`);

    expect(harness.outbox().filter((sms) => sms.to !== NUMBERS.aceOwner)).toHaveLength(5);
  });
});

describe('nothing an owner should see is dropped', () => {
  withHarness();

  it('a 2,000-character customer text reaches the owner in parts within 1,600 characters each; the job keeps it whole', async () => {
    const body = `Start ${'long description of the job '.repeat(71)}End`.slice(0, 2000);
    await text(NUMBERS.aceBusiness, NUMBERS.customer, body);

    const toOwner = sentTo(NUMBERS.aceOwner);
    expect(toOwner).toHaveLength(2);
    expect(toOwner.every((sms) => sms.length <= 1600)).toBe(true);
    expect(toOwner[1]).toContain('End');
    const job = await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`);
    expect(await messagesOf(job)).toEqual([expect.objectContaining({ body })]);
  });

  it('a 10-photo MMS reaches the owner within 1,600 characters; the job keeps every link', async () => {
    const media = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`MediaUrl${index}`, photoUrl(index)]));
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Photos of the leak', { NumMedia: '10', ...media });

    const toOwner = sentTo(NUMBERS.aceOwner);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]!.length).toBeLessThanOrEqual(1600);
    expect(toOwner[0]).toMatch(/photos more, kept on job #1/);
    const job = await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`);
    expect((await messagesOf(job))[0]?.mediaUrls).toHaveLength(10);
  });

  it(
    'a JOBS list with many open jobs fits in one text',
    async () => {
      await flood(60, (index) =>
        text(
          NUMBERS.aceBusiness,
          `+447912000${String(index).padStart(3, '0')}`,
          `A fairly detailed description of job ${index}`,
        ),
      );
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS');

      const list = sentTo(NUMBERS.aceOwner).at(-1)!;
      expect(list.length).toBeLessThanOrEqual(1600);
      expect(list).toMatch(/\+\d+ more open jobs/);
    },
    FLOOD_TIMEOUT_MS,
  );

  it.each([
    ['an alphanumeric sender ID', 'MYBANK'],
    ['a short code', '72345'],
    ['a number in no known country', '+999123456789'],
  ])('a text from %s becomes a job and reaches the owner; no reply is ever sent to it', async (_label, from) => {
    await text(NUMBERS.aceBusiness, from, 'Your parcel is waiting');

    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
    expect(sentTo(NUMBERS.aceOwner)[0]).toContain(
      `#1 New job from ${from} (cannot be replied to):\nYour parcel is waiting`,
    );
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#sender:${from}`)).toMatchObject({
      ref: 1,
      messageCount: 1,
    });
  });

  it("the owner's reply to a sender that cannot be replied to is not sent anywhere, and the owner is told", async () => {
    await text(NUMBERS.aceBusiness, 'MYBANK', 'Your code is 1234');
    await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'Who is this?');

    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner, NUMBERS.aceOwner]);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe('Your reply to job #1 was not sent: the sender cannot receive texts.');
  });

  it('a second text from the same sender ID joins its job', async () => {
    await text(NUMBERS.aceBusiness, 'MYBANK', 'First');
    await text(NUMBERS.aceBusiness, 'MYBANK', 'Second');

    expect(await harness.activityItem('CLIENT#c1', 'OPENJOB#sender:MYBANK')).toMatchObject({
      ref: 1,
      messageCount: 2,
    });
  });

  it('a forward Twilio refuses is recorded with its error code and counted', async () => {
    harness.twilioApi.injectFaults({
      kind: 'error',
      status: 400,
      code: 21617,
      message: 'The concatenated message body exceeds the 1600 character limit.',
    });
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap');

    expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBe(1);
    expect((await harness.activityItems()).find((item) => String(item.pk).startsWith('MESSAGE#'))).toMatchObject({
      outcome: { jobRef: 1, forward: { state: 'failed', providerCode: 21617 } },
    });
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      sendFailureCount: 1,
      lastSendFailure: expect.objectContaining({ purpose: 'owner-forward', providerCode: 21617 }),
    });
  });

  it('an owner reply Twilio refuses is kept on the job, and the owner is told it was not sent', async () => {
    await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap');
    harness.twilioApi.injectFaults({ kind: 'error', status: 400, code: 30007, message: 'Message filtered' });
    await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way');

    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
      'Your reply to job #1 was not sent: the message could not be delivered.',
    );
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      sendFailureCount: 1,
      lastSendFailure: expect.objectContaining({ purpose: 'owner-relay', providerCode: 30007 }),
    });
  });
});

describe('sending through a Messaging Service', () => {
  const MESSAGING_SERVICE_SID = `MG${'0123456789abcdef'.repeat(2)}`;
  withHarness(TEST_SEED, { messagingServiceSid: MESSAGING_SERVICE_SID });

  it('every send names the Messaging Service, with the business number as From', async () => {
    await call(NUMBERS.aceBusiness, NUMBERS.customer);

    expect(harness.outbox()).toEqual([
      expect.objectContaining({
        to: NUMBERS.customer,
        from: NUMBERS.aceBusiness,
        messagingServiceSid: MESSAGING_SERVICE_SID,
      }),
      expect.objectContaining({
        to: NUMBERS.aceOwner,
        from: NUMBERS.aceBusiness,
        messagingServiceSid: MESSAGING_SERVICE_SID,
      }),
    ]);
  });
});
