import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { transcriptionDone, voicemailCallback } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingCall, startHarness, type Harness } from '../support/webhook-harness';

/*
 * Issue 17 §2: at most VOICEMAILS_PER_CALLER voicemails per caller per business per day reach the owner; past it the
 * caller hears that the mailbox is full and the owner is not texted, so one (spoofed) caller cannot silence the owner.
 */

const SPOOFED = NUMBERS.customer;
let sequence = 0;

describe('voicemails per caller per day', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(undefined, { dailySmsCap: 100_000 });
  });
  afterAll(async () => harness.close());

  const voicemailFrom = async (caller: string) => {
    sequence += 1;
    const callSid = sid('CA', `voicemail-budget-${sequence}`);
    const done = await harness.post(
      WEBHOOK_ROUTES.voicemailDone,
      incomingCall(callSid, NUMBERS.aceBusiness, caller, { RecordingSid: sid('RE', `voicemail-budget-${sequence}`) }),
    );
    const transcription = await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
      transcriptionDone(callSid, NUMBERS.aceBusiness, caller, sid('RE', `voicemail-budget-${sequence}`), 'Call me'),
    );
    return { done: done.body, transcription: transcription.statusCode };
  };
  const voicemailTexts = () =>
    harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('Voicemail from'));

  it('a flood of voicemails from one caller texts the owner 3 times a day; past it the caller hears the mailbox is full', async () => {
    harness.setNow(new Date('2026-12-01T10:00:00Z'));
    const flood = [];
    for (let n = 0; n < 30; n += 1) flood.push(await voicemailFrom(SPOOFED));

    expect(flood.every((voicemail) => voicemail.transcription === 200)).toBe(true);
    expect(voicemailTexts().filter((sms) => sms.body.includes(SPOOFED))).toHaveLength(3);
    expect(flood.slice(0, 3).every((voicemail) => voicemail.done.includes('Thank you. Goodbye.'))).toBe(true);
    expect(flood.slice(3).every((voicemail) => voicemail.done.includes('this mailbox is full for today'))).toBe(true);
    expect(flood[3]?.done).toMatch(/<Response><Say voice="Polly.Joanna">[^<]+<\/Say><Hangup\/><\/Response>$/);
    expect(harness.metrics()[MetricName.VOICEMAIL_LIMITED]).toBe(27);
  });

  it("another caller's voicemail still reaches the owner, and the flooding caller's does again the next day", async () => {
    harness.setNow(new Date('2026-12-01T11:00:00Z'));
    const before = voicemailTexts().length;
    await voicemailFrom(NUMBERS.otherCustomer);
    harness.setNow(new Date('2026-12-02T09:00:00Z'));
    const nextDay = await voicemailFrom(SPOOFED);

    expect(voicemailTexts().length - before).toBe(2);
    expect(nextDay.done).toContain('Thank you. Goodbye.');
  });
});
