import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §2: the owner's never-text list (`NEVER +447…`, `NEVER #12`, `NEVER LIST`, `NEVER REMOVE …`). A listed
 * number's calls and texts still reach the owner, but it is never texted back or acknowledged.
 */
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED, { dailyOwnerSmsCap: 100 });
  harness.setNow(new Date('2026-12-07T10:00:00Z'));
});
afterEach(async () => harness.close());

const text = (from: string, body: string, messageSid = sid('SM', `nt${(sequence += 1)}`)) =>
  harness.sms(incomingSms(messageSid, NUMBERS.aceBusiness, from, body));
const missedCall = (from: string) =>
  harness.status(callEnded(sid('CA', `nt${(sequence += 1)}`), NUMBERS.aceBusiness, from, 'no-answer'));
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const lastToOwner = () => sentTo(NUMBERS.aceOwner).at(-1);

describe('NEVER from the owner', () => {
  it('adds a number, and NEVER LIST shows it', async () => {
    await text(NUMBERS.aceOwner, 'NEVER +44 7911 123456');
    expect(lastToOwner()).toBe(
      `Done. ${NUMBERS.customer} is on your never-text list: you still hear of its calls and texts, it gets no automatic texts.`,
    );

    await text(NUMBERS.aceOwner, 'never list');
    expect(lastToOwner()).toBe(`Your never-text list (1): ${NUMBERS.customer}`);
  });

  it('adds the customer of job #1', async () => {
    await text(NUMBERS.otherCustomer, 'Hi, can you quote for a boiler?');
    await text(NUMBERS.aceOwner, 'NEVER #1');

    expect(lastToOwner()).toContain(`${NUMBERS.otherCustomer} is on your never-text list`);
    await text(NUMBERS.aceOwner, 'NEVER LIST');
    expect(lastToOwner()).toBe(`Your never-text list (1): ${NUMBERS.otherCustomer}`);
  });

  it('says so when job #n is not open', async () => {
    await text(NUMBERS.aceOwner, 'NEVER #7');
    expect(lastToOwner()).toBe('Not changed: no open job #7 with a number. NEVER LIST shows your list.');
  });

  it('removes by number and by #n', async () => {
    await text(NUMBERS.customer, 'Leak under the sink');
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`);
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.otherCustomer}`);

    await text(NUMBERS.aceOwner, `NEVER REMOVE ${NUMBERS.otherCustomer}`);
    expect(lastToOwner()).toBe(`Done. ${NUMBERS.otherCustomer} is off your never-text list.`);
    await text(NUMBERS.aceOwner, 'NEVER REMOVE #1');
    expect(lastToOwner()).toBe(`Done. ${NUMBERS.customer} is off your never-text list.`);

    await text(NUMBERS.aceOwner, 'NEVER LIST');
    expect(lastToOwner()).toBe('Your never-text list (0): empty');
  });

  it('is never relayed to a customer', async () => {
    await text(NUMBERS.customer, 'Leak under the sink');
    await text(NUMBERS.aceOwner, 'Never +447912345678');
    await text(NUMBERS.aceOwner, 'NEVER 07912 345678');

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(lastToOwner()).toContain('Write it as NEVER +447700900123, NEVER #12');
  });

  it('holds at most 50 numbers and says so beyond', async () => {
    for (let n = 0; n < 50; n += 1) await text(NUMBERS.aceOwner, `NEVER +4479000000${String(n).padStart(2, '0')}`);
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`);

    expect(lastToOwner()).toBe('Not changed: your never-text list is full (50 numbers). NEVER LIST shows your list.');
    const client = await harness.db.send(
      new GetCommand({
        TableName: harness.config.directory.directoryTable,
        Key: { pk: NUMBERS.aceBusiness, sk: 'CLIENT' },
      }),
    );
    expect((client.Item?.neverText as Set<string> | undefined)?.size).toBe(50);
  });

  it('costs 5 DynamoDB calls: the exchange read, the owner budget (first), the list change, the claim, the record', async () => {
    await text(NUMBERS.aceOwner, 'NEVER LIST');
    harness.resetCounters();
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`);

    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
      'PutItemCommand',
    ]);
  });

  it('answers once: a repeated webhook adds once and sends nothing again', async () => {
    const messageSid = sid('SM', 'never-once');
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`, messageSid);
    await text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`, messageSid);

    expect(sentTo(NUMBERS.aceOwner)).toHaveLength(1);
  });
});

describe('a listed number', () => {
  beforeEach(() => text(NUMBERS.aceOwner, `NEVER ${NUMBERS.customer}`));

  it('calls: the owner is alerted and told it is listed; no text-back', async () => {
    await missedCall(NUMBERS.customer);

    expect(lastToOwner()).toBe(
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (on your never-text list).`,
    );
    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(harness.metrics()[MetricName.TEXT_BACK_SENT]).toBeUndefined();
  });

  it('texts: forwarded to the owner, never acknowledged', async () => {
    await text(NUMBERS.customer, 'Are you free Tuesday?');

    expect(lastToOwner()).toContain('Are you free Tuesday?');
    expect(sentTo(NUMBERS.customer)).toEqual([]);
  });

  it('costs the same DynamoDB calls: the voice webhook 1, a missed call 3, a text 3', async () => {
    harness.resetCounters();
    await harness.voice(incomingCall(sid('CA', 'nt-voice'), NUMBERS.aceBusiness, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);

    await missedCall('anonymous');
    harness.resetCounters();
    await missedCall(NUMBERS.customer);
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);

    harness.resetCounters();
    await text(NUMBERS.customer, 'Are you free Tuesday?');
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });

  it('an unlisted caller is still texted back', async () => {
    await missedCall(NUMBERS.otherCustomer);
    expect(sentTo(NUMBERS.otherCustomer)).toHaveLength(1);
  });
});
