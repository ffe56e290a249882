import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { callEnded, incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

describe('opting out, as carriers require', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const text = (body: string, from: string = NUMBERS.customer, to: string = NUMBERS.aceBusiness) => {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `opt${sids}`), to, from, body));
  };
  const sentTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);
  const contact = () => harness.activityItem(`BIZ#${NUMBERS.aceBusiness}`, `CONTACT#${NUMBERS.customer}`);

  it.each(['STOP', 'stop', 'StopAll', 'UNSUBSCRIBE', 'cancel', 'END', 'quit', ' Stop. '])(
    '%p opts the customer out of that business number, with no reply',
    async (body) => {
      await text(body);

      expect(await contact()).toMatchObject({ optedOut: true, optOutSource: 'keyword' });
      expect(harness.outbox()).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_OPTED_OUT]).toBe(1);
    },
  );

  it('a STOP that cannot be applied is queued and answered 200, and the queue opts the customer out', async () => {
    const restore = harness.failDynamo(onItem('TransactWriteItemsCommand', 'CONTACT#'));
    const first = await harness.sms(incomingSms(sid('SM', 'stop1'), NUMBERS.aceBusiness, NUMBERS.customer, 'STOP'));
    restore();
    await harness.functions.redelivery.drain();

    expect(first.statusCode).toBe(200);
    expect(await contact()).toMatchObject({ optedOut: true });
    expect(await harness.activityItem(`MESSAGE#${sid('SM', 'stop1')}`, 'MESSAGE')).toMatchObject({
      body: 'STOP',
      outcome: { state: 'opted-out' },
    });
  });

  it('a keyword inside a longer message is an ordinary message', async () => {
    await text('Please stop by on Friday');

    expect(await contact()).toBeUndefined();
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
  });

  it('after STOP, a missed call from the customer gets no text-back, but the owner is told', async () => {
    await text('STOP');
    await harness.status(callEnded(sid('CA', 'opt1'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner)).toEqual([
      expect.objectContaining({ body: expect.stringContaining('No text-back sent (caller opted out)') }),
    ]);
  });

  it('after STOP, their messages still reach the owner but they get no acknowledgement', async () => {
    await text('STOP');
    await text('Actually, can you come Friday?');

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(1);
  });

  it('after STOP, HELP gets no answer either', async () => {
    await text('STOP');
    await text('HELP');

    expect(sentTo(NUMBERS.customer)).toEqual([]);
  });

  it('after STOP, the owner cannot relay a reply to them and is told why', async () => {
    await text('My boiler is broken');
    await text('STOP');
    await text('On my way', NUMBERS.aceOwner);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toBe(
      'Your reply to job #1 was not sent: the customer has opted out of texts.',
    );
  });

  it.each(['START', 'unstop', 'YES'])('%p after STOP opts them back in', async (body) => {
    await text('STOP');
    await text(body);
    await harness.status(callEnded(sid('CA', 'opt2'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(await contact()).toMatchObject({ optedOut: false });
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_OPTED_IN]).toBe(1);
  });

  it('YES from a customer who never opted out is an ordinary message on their job', async () => {
    await text('YES');

    expect(await contact()).toBeUndefined();
    expect(sentTo(NUMBERS.aceOwner)[0]?.body).toContain('YES');
  });

  it.each(['HELP', 'info'])('%p answers with help naming the business', async (body) => {
    await text(body);

    expect(sentTo(NUMBERS.customer)).toEqual([
      expect.objectContaining({
        from: NUMBERS.aceBusiness,
        body: "This is the text line of Ace Plumbing. Send your job details and we'll pass them on. Reply STOP to opt out.",
      }),
    ]);
  });

  it('STOP to the onboarding number stops the sign-up texts', async () => {
    await text('Hi', NUMBERS.customer, NUMBERS.onboarding);
    await text('STOP', NUMBERS.customer, NUMBERS.onboarding);
    await text('Dave Builds', NUMBERS.customer, NUMBERS.onboarding);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
  });

  it('Twilio error 21610 on a send marks the customer opted out without paging anyone', async () => {
    harness.twilioApi.injectFaults({
      kind: 'error',
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });

    await harness.status(callEnded(sid('CA', 'opt3'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(await contact()).toMatchObject({ optedOut: true, optOutSource: 'carrier' });
    expect(harness.metrics()[MetricName.SMS_RECIPIENT_OPTED_OUT]).toBe(1);
    expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBeUndefined();
    await harness.status(callEnded(sid('CA', 'opt4'), NUMBERS.aceBusiness, NUMBERS.customer));
    expect(harness.twilioApi.attempts()).toBe(3);
  });

  it('the owner texting STOP or START to their own number is never relayed to a customer, nor an opt-out of their alerts', async () => {
    await text('Boiler');
    const toCustomerBefore = sentTo(NUMBERS.customer).length;
    const toOwnerBefore = sentTo(NUMBERS.aceOwner).length;
    await text('STOP', NUMBERS.aceOwner);
    await text('Start', NUMBERS.aceOwner);

    expect(await harness.activityItem(`BIZ#${NUMBERS.aceBusiness}`, `CONTACT#${NUMBERS.aceOwner}`)).toBeUndefined();
    expect(sentTo(NUMBERS.customer)).toHaveLength(toCustomerBefore);
    // Twilio answers STOP and START on the number itself: we add nothing.
    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(toOwnerBefore);
  });
});
