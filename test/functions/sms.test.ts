import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

const EMPTY_MESSAGING_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('POST /twilio/sms', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());
  const openJob = (customer: string) => harness.activityItem('CLIENT#c1', `OPENJOB#${customer}`);
  /** A job's messages: each its own item under the job's partition, oldest first. */
  const messagesOf = async (customer: string) => {
    const job = await openJob(customer);
    return (await harness.activityItems())
      .filter((item) => item.pk === `JOB#${String(job?.jobId)}`)
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  };

  describe('a customer texting a business number (OPERATIONAL)', () => {
    it('becomes a job of that client, is forwarded to the owner, and is acknowledged', async () => {
      const response = await harness.sms(
        incomingSms(
          sid('SM', '300'),
          NUMBERS.aceBusiness,
          NUMBERS.customer,
          'Leaking tap in the kitchen, can you come Friday?',
        ),
      );

      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(EMPTY_MESSAGING_TWIML);
      expect(harness.outbox()).toEqual([
        {
          sid: expect.any(String),
          to: NUMBERS.aceOwner,
          from: NUMBERS.aceBusiness,
          body:
            `#1 New job from ${NUMBERS.customer}:\nLeaking tap in the kitchen, can you come Friday?\n` +
            'Reply here to answer them (or "#1 your text"). JOBS lists open jobs, DONE #1 closes this one.',
        },
        {
          sid: expect.any(String),
          to: NUMBERS.customer,
          from: NUMBERS.aceBusiness,
          body: "Thanks for your message to Ace Plumbing. We've passed it on and will be in touch soon. Reply STOP to opt out.",
        },
      ]);
      const job = await openJob(NUMBERS.customer);
      expect(job).toMatchObject({
        clientId: 'c1',
        customer: NUMBERS.customer,
        ref: 1,
        status: 'OPEN',
        messageCount: 1,
        lastCustomerMessage: 'Leaking tap in the kitchen, can you come Friday?',
      });
      expect(await messagesOf(NUMBERS.customer)).toEqual([
        expect.objectContaining({
          messageSid: sid('SM', '300'),
          body: 'Leaking tap in the kitchen, can you come Friday?',
        }),
      ]);
      expect(harness.metrics()).toMatchObject({
        [MetricName.SMS_JOB_CREATED]: 1,
        [MetricName.SMS_FORWARDED_TO_OWNER]: 1,
      });
    });

    it('a second text from the same customer joins their open job and is not acknowledged again', async () => {
      await harness.sms(incomingSms(sid('SM', '301'), NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap'));
      await harness.sms(incomingSms(sid('SM', '302'), NUMBERS.aceBusiness, NUMBERS.customer, 'Also the boiler'));

      const job = await openJob(NUMBERS.customer);
      expect(job).toMatchObject({ messageCount: 2 });
      expect(await messagesOf(NUMBERS.customer)).toEqual([
        expect.objectContaining({ body: 'Leaking tap' }),
        expect.objectContaining({ body: 'Also the boiler' }),
      ]);
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner)).toHaveLength(2);
    });

    it('texts from two customers become two jobs', async () => {
      await harness.sms(incomingSms(sid('SM', '303'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
      await harness.sms(incomingSms(sid('SM', '304'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Boiler'));

      const first = await openJob(NUMBERS.customer);
      const second = await openJob(NUMBERS.otherCustomer);
      expect(first?.jobId).not.toEqual(second?.jobId);
      expect([first?.ref, second?.ref]).toEqual([1, 2]);
      expect(harness.metrics()[MetricName.SMS_JOB_CREATED]).toBe(2);
    });

    it('stores every message with what was sent for it', async () => {
      await harness.sms(incomingSms(sid('SM', '305'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));

      expect(await harness.activityItem(`MESSAGE#${sid('SM', '305')}`, 'MESSAGE')).toMatchObject({
        messageSid: sid('SM', '305'),
        from: NUMBERS.customer,
        to: NUMBERS.aceBusiness,
        body: 'Tap',
        role: 'OPERATIONAL',
        clientId: 'c1',
        state: 'DONE',
        outcome: { state: 'job-message', forward: { state: 'sent' }, acknowledgement: { state: 'sent' } },
      });
    });

    it('emoji, non-Latin text and long messages survive unchanged', async () => {
      const body = `Bonjour 👋 — 水漏れ、ہیلو. ${'Long description. '.repeat(60)}`;
      await harness.sms(incomingSms(sid('SM', '306'), NUMBERS.aceBusiness, NUMBERS.customer, body));

      expect(harness.outbox()[0]?.body).toContain(`#1 New job from ${NUMBERS.customer}:\n${body}\n`);
      expect((await harness.activityItem(`MESSAGE#${sid('SM', '306')}`, 'MESSAGE'))?.body).toBe(body);
    });

    it('photos (MMS) are stored on the job and passed on to the owner', async () => {
      const url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1';
      await harness.sms(
        incomingSms(sid('SM', '307'), NUMBERS.aceBusiness, NUMBERS.customer, 'See photo', {
          NumMedia: '1',
          MediaUrl0: url,
          MediaContentType0: 'image/jpeg',
        }),
      );

      expect(harness.outbox()[0]?.body).toContain(`#1 New job from ${NUMBERS.customer}:\nSee photo\nPhoto: ${url}\n`);
      expect(await messagesOf(NUMBERS.customer)).toEqual([expect.objectContaining({ mediaUrls: [url] })]);
    });

    it('the same webhook twice is stored once and sends nothing twice', async () => {
      await harness.sms(incomingSms(sid('SM', '308'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
      const repeat = await harness.sms(incomingSms(sid('SM', '308'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));

      expect(repeat.statusCode).toBe(200);
      expect(harness.outbox()).toHaveLength(2);
      expect((await openJob(NUMBERS.customer))?.messageCount).toBe(1);
      expect(harness.metrics()[MetricName.SMS_DUPLICATE]).toBe(1);
    });

    it('concurrent repeats of one webhook are stored once and forwarded once', async () => {
      await Promise.all(
        Array.from({ length: 8 }, () =>
          harness.sms(incomingSms(sid('SM', '309'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap')),
        ),
      );

      expect(harness.outbox()).toHaveLength(2);
      expect((await openJob(NUMBERS.customer))?.messageCount).toBe(1);
    });

    it('concurrent different texts from one customer land on one job, acknowledged once', async () => {
      await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          harness.sms(incomingSms(sid('SM', `31${index}`), NUMBERS.aceBusiness, NUMBERS.customer, `part ${index}`)),
        ),
      );

      expect((await openJob(NUMBERS.customer))?.messageCount).toBe(6);
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
      expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner)).toHaveLength(6);
    });

    it('a failed forward is recorded on the message and counted, not swallowed', async () => {
      // A refusal for good; a 5xx, a 429 or no answer is queued and sent again (twilio-send-retries.test.ts).
      harness.twilioApi.injectFaults({
        kind: 'error',
        status: 400,
        code: 21614,
        message: "'To' number is not a valid mobile number",
      });

      await harness.sms(incomingSms(sid('SM', '320'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));

      expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBe(1);
      expect(await harness.activityItem(`MESSAGE#${sid('SM', '320')}`, 'MESSAGE')).toMatchObject({
        state: 'SEND_FAILED',
        outcome: { forward: { state: 'failed', providerCode: 21614 }, acknowledgement: { state: 'sent' } },
      });
    });

    it("makes three DynamoDB calls for a customer text that opens a job: exchange, claim with cap, job and the owner's and customer's budgets in one transaction, record", async () => {
      // Counted warm: this function has read the business's items under its client before.
      await harness.sms(incomingSms(sid('SM', '320'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Tap'));
      harness.resetCounters();
      await harness.sms(incomingSms(sid('SM', '321'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
      expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
    });

    it("makes three DynamoDB calls for a follow-up text on an open job: exchange, claim with job and the owner's budget in one transaction, record", async () => {
      await harness.sms(incomingSms(sid('SM', '323'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
      harness.resetCounters();
      await harness.sms(incomingSms(sid('SM', '324'), NUMBERS.aceBusiness, NUMBERS.customer, 'Still dripping'));
      expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
    });

    it('a text to an OPERATIONAL number without a client record is stored, sends nothing, and is critical', async () => {
      await harness.sms(incomingSms(sid('SM', '322'), NUMBERS.orphanOperational, NUMBERS.customer, 'Tap'));

      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_OPERATIONAL_NO_CLIENT]).toBe(1);
      expect(await harness.activityItem(`MESSAGE#${sid('SM', '322')}`, 'MESSAGE')).toMatchObject({
        body: 'Tap',
        state: 'DONE',
      });
      expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'CRITICAL', messageSid: sid('SM', '322') }));
    });
  });

  describe('a new owner texting the onboarding number', () => {
    it('is stored and gets the welcome with the first sign-up question, from the onboarding number', async () => {
      await harness.sms(incomingSms(sid('SM', '330'), NUMBERS.onboarding, NUMBERS.customer, 'Hi, I want to sign up'));

      expect(harness.outbox()).toEqual([
        {
          sid: expect.any(String),
          to: NUMBERS.customer,
          from: NUMBERS.onboarding,
          body: expect.stringContaining('what is your business name?'),
        },
      ]);
      expect(await harness.activityItem(`MESSAGE#${sid('SM', '330')}`, 'MESSAGE')).toMatchObject({
        role: 'ONBOARDING',
        body: 'Hi, I want to sign up',
      });
      expect(await harness.activityItem(`SIGNUP#${NUMBERS.customer}`, 'SIGNUP')).toMatchObject({
        step: 'ASK_BUSINESS_NAME',
      });
    });
  });

  describe('texts to numbers that take no action', () => {
    it.each([
      ['a SYSTEM pool number', NUMBERS.pooled],
      ['an unknown number', NUMBERS.unknown],
      ['a garbage To', 'nonsense'],
    ])('a text to %s is logged and counted, with no reply', async (_label, to) => {
      const response = await harness.sms(incomingSms(sid('SM', '340'), to, NUMBERS.customer, 'hello'));

      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(EMPTY_MESSAGING_TWIML);
      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_SYSTEM_NUMBER]).toBe(1);
    });
  });

  it('a text that cannot be stored is queued and answered 200 with nothing sent; the queue stores and forwards it once DynamoDB is back', async () => {
    const restore = harness.failDynamo(() => true);

    const response = await harness.sms(incomingSms(sid('SM', '350'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'));
    const sentWhileDown = harness.outbox().length;
    restore();
    await harness.functions.redelivery.drain();

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(sentWhileDown).toBe(0);
    expect(harness.metrics()[MetricName.SMS_STORE_FAILED]).toBe(1);
    expect(harness.metrics()[MetricName.WEBHOOK_QUEUED]).toBe(1);
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', messageSid: sid('SM', '350') }));
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('Tap'))).toHaveLength(1);
    expect(harness.functions.redelivery.queues['/twilio/sms'].snapshot()).toEqual({ pending: [], deadLetters: [] });
  });
});
