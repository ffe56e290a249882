import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 17 §6: a text from the owner whose first word is a command word (HELP, COMMANDS, JOBS, DONE, RING, HOURS, any
 * case) never reaches a customer; HELP lists the commands, a malformed one gets its correct form. A relayed reply with a
 * link or a phone number is confirmed to the owner's phone.
 */
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED, { dailyOwnerSmsCap: 5 });
  harness.setNow(new Date('2026-12-07T10:00:00Z'));
});
afterEach(async () => harness.close());

const text = (from: string, body: string, messageSid = sid('SM', `oc${(sequence += 1)}`)) =>
  harness.sms(incomingSms(messageSid, NUMBERS.aceBusiness, from, body));
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
/** A customer with an open job (#1), so that a relayed owner text would have somewhere to go. */
const customerWaiting = () => text(NUMBERS.customer, 'Tap leaking, can you come?');

describe('HELP from the owner', () => {
  it.each(['HELP', 'help', 'Help?', 'COMMANDS', 'info'])(
    '%p lists the owner commands and sends nothing to the customer',
    async (body) => {
      await customerWaiting();
      await text(NUMBERS.aceOwner, body);

      expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
        [
          'Your commands (a text starting with one is never sent to a customer):',
          'JOBS: your open jobs',
          'DONE #12: close job 12',
          '#12 your text: reply to job 12',
          'RING ON / RING OFF: ring your phone first, or not',
          'HOURS Mon-Fri 08:00-18:00 / HOURS OFF: opening hours',
          'NEVER +44… / NEVER #12 / NEVER REMOVE … / NEVER LIST: never text a number',
          'SPAM ON / STRICT / OFF: no text-back if caller ID failed verification',
          'TEXTBACK / AFTERHOURS / GREETING your words (or RESET): what callers get; LINKS yoursite.com allows links',
          'LANGUAGE ES / LANGUAGE EN: Spanish or English for your callers and customers',
          'EMERGENCY RING ON / OFF: ring you, even out of hours, when a customer reports an emergency',
          'REVIEWS link / OFF: review asks after DONE; DIGEST ON / OFF: Monday summary',
          'Anything else goes to the customer of your latest job.',
        ].join('\n'),
      );
      expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    },
  );

  it('a customer who texts HELP still gets the customer help, not the owner list', async () => {
    await text(NUMBERS.customer, 'HELP');

    expect(sentTo(NUMBERS.customer)).toEqual([expect.stringContaining('Ace Plumbing')]);
    expect(sentTo(NUMBERS.customer)[0]).not.toContain('JOBS');
    expect(harness.metrics()[MetricName.SMS_HELP]).toBe(1);
  });

  it('answers once: a repeated webhook sends nothing again', async () => {
    const messageSid = sid('SM', 'help-once');
    await text(NUMBERS.aceOwner, 'HELP', messageSid);
    await text(NUMBERS.aceOwner, 'HELP', messageSid);

    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(1);
    expect(await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')).toMatchObject({
      outcome: { state: 'owner-command', command: 'HELP', reply: { state: 'sent' } },
    });
  });

  it('costs 4 DynamoDB calls: the exchange read, the claim, the owner budget, the record', async () => {
    // Counted warm: this function has read the business's items under its client before (a cold read adds one).
    await text(NUMBERS.aceOwner, 'COMMANDS');
    harness.resetCounters();
    await text(NUMBERS.aceOwner, 'HELP');

    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
    ]);
  });
});

describe('a malformed command', () => {
  it.each([
    ['HOURS 9-5', 'HOURS', 'HOURS Mon-Fri 08:00-18:00 (a time zone may follow) or HOURS OFF'],
    ['RING maybe', 'RING', 'RING ON or RING OFF'],
    ['ring', 'RING', 'RING ON or RING OFF'],
    ['DONE x', 'DONE', 'DONE #12'],
    ['Done, see you Friday', 'DONE', 'DONE #12'],
    ['jobs please', 'JOBS', 'JOBS'],
    ['Help is on the way', 'HELP', 'HELP'],
    ['never mind, I will call', 'NEVER', 'NEVER +447700900123, NEVER #12, NEVER REMOVE #12 or NEVER LIST'],
  ])('%p is never relayed; the owner gets the correct form', async (body, word, form) => {
    await customerWaiting();
    await text(NUMBERS.aceOwner, body);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(
      `Not sent to any customer: a text starting with ${word} is a command. Write it as ${form}. To send it to a customer, put the job first: #12 your text. HELP lists the commands.`,
    );
  });

  it('is recorded as a command, with its reply', async () => {
    const messageSid = sid('SM', 'malformed');
    await text(NUMBERS.aceOwner, 'RING maybe', messageSid);

    expect(await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')).toMatchObject({
      outcome: { state: 'owner-command', command: 'RING (malformed)', reply: { state: 'sent' } },
    });
  });
});

describe('replies that only look like commands', () => {
  it.each([
    'Ringing you in 5 minutes',
    'Hourly rate is 40 pounds',
    'Helpful tip: turn the stopcock off',
    'Jobsworth answer, sorry: Friday',
    'Donegal office will call',
    'Close the valve and wait for me',
  ])('%p starts with another word and is relayed', async (body) => {
    await customerWaiting();
    await text(NUMBERS.aceOwner, body);

    expect(sentTo(NUMBERS.customer).at(-1)).toBe(body);
  });

  it('a reply starting with a command word goes when its job comes first', async () => {
    await customerWaiting();
    await text(NUMBERS.aceOwner, '#1 Done, see you Friday');

    expect(sentTo(NUMBERS.customer).at(-1)).toBe('Done, see you Friday');
  });
});

describe('a relayed reply with a link or a phone number', () => {
  const confirmation = (body: string) => `Sent to ***3456 (job #1): ${body}`;

  it.each([
    'Pay here: https://pay.example.com/inv/12',
    'Book at www.example.com',
    'See evil．com for photos',
    'Call me on 07911 123456',
    'Phone +44 20 7946 0000 please',
    'Call ０７９１１１２３４５６',
  ])('%p is confirmed to the owner, the customer number masked', async (body) => {
    await customerWaiting();
    await text(NUMBERS.aceOwner, body);

    expect(sentTo(NUMBERS.customer).at(-1)).toBe(body);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(confirmation(body));
  });

  it('a plain reply is not confirmed', async () => {
    await customerWaiting();
    const before = sentTo(NUMBERS.aceOwner).length;
    await text(NUMBERS.aceOwner, 'On my way, there by 3pm');

    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(before);
  });

  it('the confirmation is recorded with the relay and taken from the owner budget', async () => {
    await customerWaiting();
    const messageSid = sid('SM', 'confirm');
    await text(NUMBERS.aceOwner, 'Call me on 07911 123456', messageSid);

    expect(await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')).toMatchObject({
      outcome: { state: 'owner-reply', relay: { state: 'sent' }, confirmation: { state: 'sent' } },
    });
    // The forward of the customer's text, then the confirmation.
    expect(await harness.activityItem('CLIENT#c1', 'BUDGET#2026-12-07#OWNER')).toMatchObject({
      sent: 2,
    });
  });

  it('past the owner budget and its command headroom, the confirmation is not sent, and says so in the record', async () => {
    await harness.close();
    harness = await startHarness(TEST_SEED, { dailyOwnerSmsCap: 1 });
    harness.setNow(new Date('2026-12-07T10:00:00Z'));
    await customerWaiting();
    for (let index = 0; index < 51; index += 1) await text(NUMBERS.aceOwner, 'JOBS');
    const messageSid = sid('SM', 'over');
    await text(NUMBERS.aceOwner, 'Pay at https://pay.example.com', messageSid);

    expect(sentTo(NUMBERS.customer).at(-1)).toBe('Pay at https://pay.example.com');
    expect(await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')).toMatchObject({
      outcome: { confirmation: { state: 'skipped', reason: 'daily owner SMS cap reached' } },
    });
  });
});
