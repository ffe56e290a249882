import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import {
  callEnded,
  incomingCall,
  incomingSms,
  startHarness,
  verifiedCall,
  type Harness,
} from '../support/webhook-harness';

/**
 * Issue 19 §2: a caller whose caller ID failed verification (Twilio's `StirVerstat` on the voice webhook, US calls
 * only) is not texted back under the business's `SPAM` rule; the owner is told why, and it is counted. The status
 * callback never carries StirVerstat: the voice webhook leaves the verdict, and only for a call it screens.
 */
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED, { dailyOwnerSmsCap: 100 });
  harness.setNow(new Date('2026-12-07T10:00:00Z'));
});
afterEach(async () => harness.close());

const ownerText = (body: string) =>
  harness.sms(incomingSms(sid('SM', `spam${(sequence += 1)}`), NUMBERS.aceBusiness, NUMBERS.aceOwner, body));
/** The voice webhook (with StirVerstat, when given) and then the status callback, as Twilio sends them. */
async function missedCall(stirVerstat?: string, caller: string = NUMBERS.customer) {
  const callSid = sid('CA', `spam${(sequence += 1)}`);
  await harness.voice(
    stirVerstat
      ? verifiedCall(callSid, NUMBERS.aceBusiness, caller, stirVerstat)
      : incomingCall(callSid, NUMBERS.aceBusiness, caller),
  );
  await harness.status(callEnded(callSid, NUMBERS.aceBusiness, caller, 'no-answer'));
  return callSid;
}
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const lastToOwner = () => sentTo(NUMBERS.aceOwner).at(-1);
const screenedAlert = `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (caller ID failed verification).`;

describe('a caller whose caller ID failed verification', () => {
  it.each(['TN-Validation-Failed-A', 'TN-Validation-Failed-C', 'TN-Validation-Failed'])(
    '%s: no text-back, the owner is told why, counted voice.spam_screened',
    async (stirVerstat) => {
      await missedCall(stirVerstat);

      expect(sentTo(NUMBERS.customer)).toEqual([]);
      expect(lastToOwner()).toBe(screenedAlert);
      expect(harness.metrics()[MetricName.VOICE_SPAM_SCREENED]).toBe(1);
    },
  );

  it('with SPAM OFF is texted back', async () => {
    await ownerText('SPAM OFF');
    expect(lastToOwner()).toBe('Done. Every caller gets a text-back.');
    await missedCall('TN-Validation-Failed-B');

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.VOICE_SPAM_SCREENED]).toBeUndefined();
  });
});

describe('the other callers', () => {
  it.each([
    ['a passed verification', 'TN-Validation-Passed-A'],
    ['no attestation (No-TN-Validation), by default', 'No-TN-Validation'],
    ['no StirVerstat at all (a UK call)', undefined],
  ])('%s: texted back', async (_case, stirVerstat) => {
    await missedCall(stirVerstat);

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.VOICE_SPAM_SCREENED]).toBeUndefined();
  });

  it('No-TN-Validation under SPAM STRICT: screened; a passed one still texted back', async () => {
    await ownerText('spam strict');
    await missedCall('No-TN-Validation');
    await missedCall('TN-Validation-Passed-B', NUMBERS.otherCustomer);

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(sentTo(NUMBERS.otherCustomer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.VOICE_SPAM_SCREENED]).toBe(1);
  });
});

describe('SPAM from the owner', () => {
  it.each([
    [
      'SPAM STRICT',
      'Done. No text-back to callers whose caller ID failed or lacked verification; you still hear of their calls.',
    ],
    ['Spam on', 'Done. No text-back to callers whose caller ID failed verification; you still hear of their calls.'],
    ['spam off.', 'Done. Every caller gets a text-back.'],
  ])('%p is confirmed', async (body, reply) => {
    await ownerText(body);
    expect(lastToOwner()).toBe(reply);
  });

  it('a malformed SPAM is never relayed: the owner gets the correct form', async () => {
    await harness.sms(incomingSms(sid('SM', 'spam-customer'), NUMBERS.aceBusiness, NUMBERS.customer, 'Leak'));
    await ownerText('spam calls again today');

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(lastToOwner()).toContain('Write it as SPAM ON, SPAM OFF or SPAM STRICT');
  });
});

describe('DynamoDB calls', () => {
  it('the voice webhook in forward mode: 1 for an unscreened call, 2 for a screened one', async () => {
    harness.resetCounters();
    await harness.voice(verifiedCall(sid('CA', 'sp-a'), NUMBERS.aceBusiness, NUMBERS.customer, 'No-TN-Validation'));
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);

    harness.resetCounters();
    await harness.voice(
      verifiedCall(sid('CA', 'sp-b'), NUMBERS.aceBusiness, NUMBERS.customer, 'TN-Validation-Failed-A'),
    );
    expect(harness.dynamoCalls).toEqual(['QueryCommand', 'PutItemCommand']);
  });

  it('the status callback of a screened call: unchanged, the verdict comes in the batch it already reads', async () => {
    await missedCall(undefined, NUMBERS.otherCustomer);
    const callSid = sid('CA', 'sp-status');
    await harness.voice(verifiedCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'TN-Validation-Failed-A'));
    harness.resetCounters();
    await harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));

    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
    expect(lastToOwner()).toBe(screenedAlert);
  });
});

describe('a verdict that cannot be written', () => {
  it('fails open: the call is answered, the caller texted back, the failure logged', async () => {
    const restore = harness.failDynamo((name) => name === 'PutItemCommand');
    const callSid = sid('CA', 'sp-fail');
    const answer = await harness.voice(
      verifiedCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'TN-Validation-Failed-A'),
    );
    restore();
    await harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));

    expect(answer.body).toContain('<Record');
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.logs.map((entry) => entry.message)).toContain(
      'spam verdict not stored: the caller will be texted back',
    );
  });
});
