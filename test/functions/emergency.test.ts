import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DIRECTORY_KEYS } from '../../shared/adapters/dynamodb/tables';
import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { LOCAL_TABLES } from '../../local/local-service';
import { transcriptionDone, voicemailCallback } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingCall, incomingSms, startHarness, type Harness, type HarnessOptions } from '../support/webhook-harness';

/*
 * Issue 19 §3: a customer's text or voicemail that says an emergency gets the safety reply for the business's country
 * at once, the owner an URGENT alert, and with EMERGENCY RING ON a call, even out of hours. Through the real SMS and
 * status handlers, the embedded DynamoDB and the fake Twilio API (Messages and Calls).
 */

const GAS_REPLY =
  'If you smell gas: no switches or flames, open windows, turn the gas off at the meter if safe, get everyone out, then call the National Gas Emergency Service on 0800 111 999 (999 if anyone is hurt). Ace Plumbing has been told it is urgent. Reply STOP to opt out.';
// A Monday night, outside the HOURS the tests set.
const NIGHT = new Date('2026-12-07T23:30:00Z');

let harness: Harness;
let sequence = 0;
async function start(options: HarnessOptions = {}) {
  harness = await startHarness(undefined, { dailyOwnerSmsCap: 100, ...options });
  harness.setNow(NIGHT);
}
afterEach(async () => harness.close());

const text = (from: string, body: string) =>
  harness.sms(incomingSms(sid('SM', `emergency${(sequence += 1)}`), NUMBERS.aceBusiness, from, body));
const ownerText = (body: string) => text(NUMBERS.aceOwner, body);
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const calls = () => harness.twilioApi.calls();

describe('a customer text that says an emergency', () => {
  beforeEach(() => start());

  it('gets the UK gas safety reply at once, and the forward is the owner URGENT alert; counted', async () => {
    await text(NUMBERS.customer, 'I can smell gas in the kitchen');

    expect(sentTo(NUMBERS.customer)).toEqual([
      GAS_REPLY,
      "Thanks for your message to Ace Plumbing. We've passed it on and will be in touch soon. Reply STOP to opt out.",
    ]);
    expect(sentTo(NUMBERS.aceOwner)[0]).toMatch(
      /^URGENT \(gas smell or leak\) #1 New job from \+447911123456:\nI can smell gas in the kitchen\n/,
    );
    expect(harness.metrics()[MetricName.SMS_EMERGENCY_DETECTED]).toBe(1);
    expect(calls()).toEqual([]);
  });

  it('costs two DynamoDB writes more than a plain text: the once-a-day line and the safety reply against the cap', async () => {
    await text(NUMBERS.otherCustomer, 'Quote for a boiler please');
    harness.resetCounters();
    await text(NUMBERS.customer, 'I can smell gas');

    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
    ]);
  });

  it('a safety reply Twilio fails to take (500) is queued and sent once the queue is drained', async () => {
    harness.twilioApi.injectFaults(
      { kind: 'accept' },
      { kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' },
    );
    await text(NUMBERS.customer, 'I can smell gas');
    expect(sentTo(NUMBERS.customer).filter((body) => body === GAS_REPLY)).toEqual([]);

    await harness.functions.redelivery.drain();

    expect(sentTo(NUMBERS.customer).filter((body) => body === GAS_REPLY)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_RESENT]).toBe(1);
  });

  it('DynamoDB failing after the claim: the safety reply still goes, the ring does not (no budget to take it from)', async () => {
    await ownerText('EMERGENCY RING ON');
    // Every later single-item update fails: the day's line, the cap and the dial budgets; the claim is a transaction.
    const restore = harness.failDynamo((command) => command === 'UpdateItemCommand');
    const answer = await text(NUMBERS.customer, 'I can smell gas');
    restore();

    expect(answer.statusCode).toBe(200);
    expect(sentTo(NUMBERS.customer)[0]).toBe(GAS_REPLY);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toMatch(/^URGENT \(gas smell or leak\) #1 New job/);
    expect(calls()).toEqual([]);
  });

  it('a second emergency from the same customer that day is URGENT to the owner, with no second safety reply', async () => {
    await text(NUMBERS.customer, 'Gas leak!!');
    await text(NUMBERS.customer, 'Still smells of gas, please hurry');

    expect(sentTo(NUMBERS.customer).filter((body) => body.includes('0800 111 999'))).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner)[1]).toMatch(/^URGENT \(gas smell or leak\) #1 Message from/);
    expect(harness.metrics()[MetricName.SMS_EMERGENCY_DETECTED]).toBe(2);
  });

  it('carbon monoxide gets its own advice; a customer who sent STOP gets none, the owner still the URGENT alert', async () => {
    await text(NUMBERS.otherCustomer, 'STOP');
    await text(NUMBERS.otherCustomer, 'CO alarm is going off upstairs');
    await text(NUMBERS.customer, 'Our carbon monoxide alarm went off twice');

    expect(sentTo(NUMBERS.otherCustomer).filter((body) => body.includes('Carbon monoxide'))).toEqual([]);
    expect(sentTo(NUMBERS.customer)[0]).toBe(
      'Carbon monoxide can kill: get everyone out into fresh air now, leave windows open and call 999 if anyone feels unwell. Ace Plumbing has been told it is urgent. Reply STOP to opt out.',
    );
    expect(sentTo(NUMBERS.aceOwner).filter((body) => body.startsWith('URGENT (carbon monoxide)'))).toHaveLength(2);
  });

  it('a number the destination policy refuses gets no safety reply; the owner is told it cannot be texted', async () => {
    const premium = '+449098790123';
    await text(premium, 'burst pipe, water everywhere');

    expect(sentTo(premium)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner)[0]).toMatch(
      /^URGENT \(flooding or burst pipe\) #1 New job from \+449098790123 \(we couldn't text them back: premium-rate number\)/,
    );
    expect(harness.metrics()[MetricName.SMS_DESTINATION_BLOCKED]).toBeGreaterThan(0);
  });

  it('the false positives are plain jobs: no safety reply, no URGENT, and no DynamoDB call more than any text', async () => {
    await text(NUMBERS.otherCustomer, 'Quote for a boiler please');
    harness.resetCounters();
    await text(NUMBERS.customer, 'no gas bill this month, and the CO2 alarm is fine');

    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(sentTo(NUMBERS.aceOwner).some((body) => body.startsWith('URGENT'))).toBe(false);
    expect(harness.metrics()[MetricName.SMS_EMERGENCY_DETECTED]).toBeUndefined();
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });
});

describe('EMERGENCY RING ON', () => {
  beforeEach(() => start());

  it('is confirmed, and then an emergency out of hours rings the owner from the business number, once', async () => {
    await ownerText('HOURS Mon-Fri 08:00-18:00');
    await ownerText('EMERGENCY RING ON');
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toMatch(
      /^Done\. A customer who reports an emergency .* now also rings your phone, even out of hours/,
    );
    await text(NUMBERS.customer, 'The socket in the bedroom is sparking');
    await text(NUMBERS.customer, 'sparks coming out of it now');

    expect(calls()).toHaveLength(1);
    expect(calls()[0]).toMatchObject({ to: NUMBERS.aceOwner, from: NUMBERS.aceBusiness });
    expect(calls()[0]?.twiml).toBe(
      '<Response><Say loop="2">Urgent job for Ace Plumbing: a customer reported sparking or electrical danger, job 1. Check your texts.</Say><Hangup/></Response>',
    );
    expect(harness.metrics()[MetricName.EMERGENCY_RING_PLACED]).toBe(1);
  });

  it('the ring costs two DynamoDB writes more: the caller-dials and owner-dials budgets', async () => {
    await ownerText('EMERGENCY RING ON');
    await text(NUMBERS.otherCustomer, 'Quote for a boiler please');
    harness.resetCounters();
    await text(NUMBERS.customer, 'I can smell gas');

    expect(calls()).toHaveLength(1);
    expect(harness.dynamoCalls).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      ...Array(4).fill('UpdateItemCommand'),
      'PutItemCommand',
    ]);
  });

  it('a flood of spoofed emergency texts rings at most RING_DIALS_PER_HOUR times, and texts each number once', async () => {
    await harness.close();
    await start({ callBudgets: { dialsPerOwnerPerHour: 2 } });
    await ownerText('EMERGENCY RING ON');
    for (let n = 0; n < 6; n += 1) await text(`+4479111234${String(n).padStart(2, '0')}`, 'GAS LEAK');
    await text('+447911123400', 'GAS LEAK again');

    expect(calls()).toHaveLength(2);
    expect(harness.metrics()[MetricName.DIAL_LIMITED]).toBe(4);
    expect(harness.outbox().filter((sms) => sms.body.includes('0800 111 999'))).toHaveLength(6);
  });

  it('never dials an owner phone the destination policy refuses', async () => {
    await ownerText('EMERGENCY RING ON');
    await harness.db.send(
      new UpdateCommand({
        TableName: LOCAL_TABLES.directoryTable,
        Key: { pk: NUMBERS.aceBusiness, sk: DIRECTORY_KEYS.clientSk },
        UpdateExpression: 'SET ownerPhone = :premium',
        ExpressionAttributeValues: { ':premium': '+449098790123' },
      }),
    );
    await text(NUMBERS.customer, 'I can smell gas');

    expect(calls()).toEqual([]);
    expect(harness.metrics()[MetricName.DIAL_DESTINATION_BLOCKED]).toBe(1);
    expect(sentTo(NUMBERS.customer)[0]).toBe(GAS_REPLY);
  });

  it('EMERGENCY RING OFF stops the rings; a malformed one is answered with its form', async () => {
    await ownerText('EMERGENCY RING ON');
    await ownerText('emergency ring off');
    await ownerText('EMERGENCY please');
    await text(NUMBERS.customer, 'I can smell gas');

    expect(calls()).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner).slice(1, 3).join('\n')).toMatch(
      /Emergencies reach you by URGENT text only[\s\S]*Write it as EMERGENCY RING ON or EMERGENCY RING OFF/,
    );
  });
});

describe('within DAILY_SMS_CAP', () => {
  beforeEach(() => start({ dailySmsCap: 1 }));

  it('the safety reply is not sent past the cap; the owner still gets the URGENT alert', async () => {
    await text(NUMBERS.otherCustomer, 'Quote for a boiler please');
    await text(NUMBERS.customer, 'I can smell gas');

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner).some((body) => body.startsWith('URGENT (gas smell or leak) #2'))).toBe(true);
  });
});

describe('a voicemail transcript that says an emergency', () => {
  beforeEach(() => start());

  const voicemail = async (caller: string, transcript: string) => {
    sequence += 1;
    const callSid = sid('CA', `emergency-vm-${sequence}`);
    const recordingSid = sid('RE', `emergency-vm-${sequence}`);
    await harness.post(
      WEBHOOK_ROUTES.voicemailDone,
      incomingCall(callSid, NUMBERS.aceBusiness, caller, { RecordingSid: recordingSid }),
    );
    return harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
      transcriptionDone(callSid, NUMBERS.aceBusiness, caller, recordingSid, transcript),
    );
  };

  it('gets the safety reply, the owner an URGENT voicemail text and, with EMERGENCY RING ON, a ring', async () => {
    await ownerText('EMERGENCY RING ON');
    const answer = await voicemail(
      NUMBERS.customer,
      'Hi, um, this is Dave at 3 Mill Lane. I can smell gas in the hallway. Call me back.',
    );

    expect(answer.statusCode).toBe(200);
    expect(sentTo(NUMBERS.customer)[0]).toBe(GAS_REPLY);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toMatch(
      /^URGENT \(gas smell or leak\) #1 Voicemail from \+447911123456: Hi, um/,
    );
    expect(calls()).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_EMERGENCY_DETECTED]).toBe(1);
  });

  it('a transcript without an emergency is a plain voicemail text', async () => {
    await voicemail(NUMBERS.customer, 'Hi, no gas bill yet, call me about the quote');

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toMatch(/^#1 Voicemail from/);
  });
});
