import { sid } from '../support/sid';
import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import {
  dialEnded,
  ownerLeg,
  RING_SEED,
  RING_WITH_HOURS_SEED,
  transcriptionDone,
  voicemailCallback,
} from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { callEnded, incomingCall, onItem, startHarness, type Harness } from '../support/webhook-harness';

const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

describe('ring mode never dials into a loop', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterEach(async () => harness.close());

  it("our own dial forwarded back by the owner's carrier (the business number calling itself) is ended and counted", async () => {
    const answer = await harness.voice(
      incomingCall(sid('CA', 'loop1'), NUMBERS.aceBusiness, NUMBERS.aceBusiness, { ForwardedFrom: NUMBERS.aceOwner }),
    );

    expect(answer.body).toBe(HANGUP);
    expect(harness.metrics()[MetricName.DIAL_LOOP_BLOCKED]).toBe(1);
  });

  it('a call from another of our numbers is never dialled out', async () => {
    const answer = await harness.voice(incomingCall(sid('CA', 'loop2'), NUMBERS.aceBusiness, NUMBERS.clientOwnedOnly));

    expect(answer.body).toBe(HANGUP);
    expect(harness.metrics()[MetricName.DIAL_LOOP_BLOCKED]).toBe(1);
  });

  it('the owner calling their own business number hears the greeting and is not rung', async () => {
    const answer = await harness.voice(incomingCall(sid('CA', 'loop3'), NUMBERS.aceBusiness, NUMBERS.aceOwner));

    expect(answer.body).not.toContain('<Dial');
    expect(answer.body).toContain('Thanks for calling Ace Plumbing.');
  });

  it("a customer's call forwarded by the owner's phone goes to voicemail instead of ringing the owner again", async () => {
    const answer = await harness.voice(
      incomingCall(sid('CA', 'loop4'), NUMBERS.aceBusiness, NUMBERS.customer, { ForwardedFrom: NUMBERS.aceOwner }),
    );

    expect(answer.body).not.toContain('<Dial');
    expect(answer.body).toContain('<Record ');
  });
});

describe('the invariants hold on every new path', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterEach(async () => harness.close());

  it('a call to the onboarding number is refused exactly as before: never rung, recorded or screened', async () => {
    const answer = await harness.voice(incomingCall(sid('CA', 'inv1'), NUMBERS.onboarding, NUMBERS.customer));

    expect(answer.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna">This number is for text messages only. Please send us a text to get started.</Say><Hangup/></Response>',
    );
  });

  it.each([
    ['onboarding', NUMBERS.onboarding],
    ['system', NUMBERS.system],
    ['operational without a client', NUMBERS.orphanOperational],
    ['unknown', NUMBERS.unknown],
  ])('the Dial action for a call to the %s number hangs up: no voicemail', async (_role, number) => {
    const answer = await harness.post(
      WEBHOOK_ROUTES.dialAction,
      dialEnded(sid('CA', 'inv2'), number, NUMBERS.customer, 'no-answer', sid('CA', 'child2')),
    );

    expect(answer.body).toBe(HANGUP);
    expect(harness.outbox()).toEqual([]);
  });

  it.each([
    ['onboarding', NUMBERS.onboarding],
    ['system', NUMBERS.system],
    ['operational without a client', NUMBERS.orphanOperational],
  ])('a screening request with the %s number as caller ID hangs up the leg', async (_role, number) => {
    const screen = await harness.post(
      WEBHOOK_ROUTES.screen,
      ownerLeg(sid('CA', 'child3'), sid('CA', 'inv3'), number, NUMBERS.aceOwner),
    );
    const result = await harness.post(
      WEBHOOK_ROUTES.screenResult,
      ownerLeg(sid('CA', 'child3'), sid('CA', 'inv3'), number, NUMBERS.aceOwner, { Digits: '1' }),
    );

    expect([screen.body, result.body]).toEqual([HANGUP, HANGUP]);
  });

  it('a screening request for a call we are not ringing is ended', async () => {
    const screen = await harness.post(
      WEBHOOK_ROUTES.screen,
      ownerLeg(sid('CA', 'child4'), sid('CA', 'never'), NUMBERS.aceBusiness, NUMBERS.aceOwner),
    );

    // No screening of ours for that parent call: a forged leg, refused and counted (issue 17).
    expect(screen.body).toBe(HANGUP);
    expect(harness.metrics()[MetricName.SCREEN_FORGED]).toBeGreaterThan(0);
  });

  it('a transcription callback for the onboarding number sends nothing and is counted', async () => {
    await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'inv5'), NUMBERS.onboarding),
      transcriptionDone(
        sid('CA', 'inv5'),
        NUMBERS.onboarding,
        NUMBERS.customer,
        sid('RE', '00000000000000000000000000000005'),
        'hello',
      ),
    );

    expect(harness.outbox()).toEqual([]);
    expect(harness.metrics()[MetricName.STATUS_ONBOARDING_VIOLATION]).toBe(1);
  });

  it('a transcription callback for an operational number without a client sends nothing and is counted', async () => {
    await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'inv6'), NUMBERS.orphanOperational),
      transcriptionDone(
        sid('CA', 'inv6'),
        NUMBERS.orphanOperational,
        NUMBERS.customer,
        sid('RE', '00000000000000000000000000000006'),
        'hello',
      ),
    );

    expect(harness.outbox()).toEqual([]);
    expect(harness.metrics()[MetricName.STATUS_OPERATIONAL_NO_CLIENT]).toBe(1);
  });

  it('a transcription callback for a system number sends nothing', async () => {
    await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'inv7'), NUMBERS.system),
      transcriptionDone(
        sid('CA', 'inv7'),
        NUMBERS.system,
        NUMBERS.customer,
        sid('RE', '00000000000000000000000000000007'),
        'hello',
      ),
    );

    expect(harness.outbox()).toEqual([]);
  });

  it('a new route rejects a request signed for another route', async () => {
    const answer = await harness.post(
      WEBHOOK_ROUTES.dialAction,
      dialEnded(sid('CA', 'inv8'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer', sid('CA', 'child8')),
      {
        signedUrl: 'https://hooks.example.test/prod/twilio/voice',
      },
    );

    expect(answer.statusCode).toBe(403);
  });
});

describe('business hours in ring mode (Mon-Fri 08:00-18:00, Europe/London)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(RING_WITH_HOURS_SEED);
  });
  afterEach(async () => harness.close());

  it('during opening hours (summer time) the owner is rung', async () => {
    harness.setNow(new Date('2026-07-13T07:30:00Z'));

    const answer = await harness.voice(incomingCall(sid('CA', 'hours1'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(answer.body).toContain('<Dial ');
  });

  it('outside opening hours nobody is rung: the caller hears that the business is closed and when it opens', async () => {
    harness.setNow(new Date('2026-07-11T10:00:00Z'));

    const answer = await harness.voice(incomingCall(sid('CA', 'hours2'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(answer.body).not.toContain('<Dial');
    expect(answer.body).toContain(
      "Thanks for calling Ace Plumbing. We're closed right now and open again on Monday at 08:00. Please leave a message after the tone.",
    );
  });

  it('outside opening hours the text-back says closed and when it opens, and the owner is still alerted', async () => {
    harness.setNow(new Date('2026-07-11T10:00:00Z'));
    await harness.voice(incomingCall(sid('CA', 'hours3'), NUMBERS.aceBusiness, NUMBERS.customer));

    await harness.status(callEnded(sid('CA', 'hours3'), NUMBERS.aceBusiness, NUMBERS.customer, 'completed'));

    expect(harness.outbox().map((sms) => [sms.to, sms.body])).toEqual([
      [NUMBERS.customer, expect.stringContaining("We're closed right now and open again on Monday at 08:00.")],
      [NUMBERS.aceOwner, expect.stringMatching(/^Missed call to Ace Plumbing/)],
    ]);
  });
});

describe('DynamoDB calls per new path (ring mode)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterAll(async () => harness.close());

  async function calls(step: () => Promise<unknown>): Promise<string[]> {
    harness.resetCounters();
    await step();
    return [...harness.dynamoCalls];
  }

  it('are bounded on every route of a screened, missed call with a voicemail', async () => {
    const callSid = sid('CA', 'count1');
    const child = sid('CA', 'count2');
    const recording = sid('RE', 'count3');
    // Counted warm: the status function has read the business's items under its client before.
    await harness.status(callEnded(sid('CA', 'count0'), NUMBERS.aceBusiness, 'anonymous'));
    const counted = {
      voice: await calls(() => harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer))),
      screen: await calls(() =>
        harness.post(WEBHOOK_ROUTES.screen, ownerLeg(child, callSid, NUMBERS.aceBusiness, NUMBERS.aceOwner)),
      ),
      screenResult: await calls(() =>
        harness.post(
          WEBHOOK_ROUTES.screenResult,
          ownerLeg(child, callSid, NUMBERS.aceBusiness, NUMBERS.aceOwner, { Digits: '2' }),
        ),
      ),
      dialAction: await calls(() =>
        harness.post(
          WEBHOOK_ROUTES.dialAction,
          dialEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'completed', child),
        ),
      ),
      voicemailDone: await calls(() =>
        harness.post(WEBHOOK_ROUTES.voicemailDone, incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer)),
      ),
      recording: await calls(() =>
        harness.post(voicemailCallback(WEBHOOK_ROUTES.recording, callSid, NUMBERS.aceBusiness), {
          AccountSid: 'AC11111111111111111111111111111111',
          CallSid: callSid,
          RecordingSid: recording,
          RecordingUrl: 'https://api.twilio.com/x',
          RecordingStatus: 'completed',
          RecordingDuration: '5',
        }),
      ),
      transcription: await calls(() =>
        harness.post(
          voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
          transcriptionDone(callSid, NUMBERS.aceBusiness, NUMBERS.customer, recording, 'hello'),
        ),
      ),
      status: await calls(() => harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'completed'))),
    };

    // Printed for the report; asserted so a change is noticed.
    process.stdout.write(`DynamoDB calls per route: ${JSON.stringify(counted)}\n`);
    expect(counted).toEqual({
      // Issue 17: the caller's daily and the owner's hourly dial budgets, then the screening.
      voice: ['QueryCommand', 'QueryCommand', 'UpdateItemCommand', 'UpdateItemCommand', 'PutItemCommand'],
      // Issue 17: the owner leg bound to the screening (conditional UpdateItem, returning it) instead of a GetItem.
      screen: ['QueryCommand', 'UpdateItemCommand'],
      screenResult: ['QueryCommand'],
      dialAction: ['QueryCommand', 'UpdateItemCommand'],
      // Issue 17: the caller's voicemail count today (mailbox full past VOICEMAILS_PER_CALLER).
      // Issue 17: the role gate's Query (the budget is the client's), then the caller's voicemails today.
      voicemailDone: ['QueryCommand', 'GetItemCommand'],
      recording: ['UpdateItemCommand'],
      // The voicemail's claim, job reference, job and message in one transaction; then the owner-text claim, the
      // caller's voicemail budget (issue 17), the owner budget of its send, the outcome.
      transcription: [
        'BatchGetItemCommand',
        'TransactWriteItemsCommand',
        'UpdateItemCommand',
        'UpdateItemCommand',
        'UpdateItemCommand',
        'UpdateItemCommand',
      ],
      // The screening decision; the claim with cap, cooldown and the caller's and the owner's daily budgets in one transaction; the record.
      status: ['BatchGetItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand'],
    });
  });
});

describe('ring mode when DynamoDB fails', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterEach(async () => harness.close());

  it('a screening that cannot be stored sends the caller to voicemail instead of an unscreened ring', async () => {
    const restore = harness.failDynamo(onItem('PutItemCommand', 'SCREEN#'));

    const answer = await harness.voice(incomingCall(sid('CA', 'fault1'), NUMBERS.aceBusiness, NUMBERS.customer));
    restore();

    expect(answer.body).not.toContain('<Dial');
    expect(answer.body).toContain('<Record ');
  });

  it('a transcription callback that fails before the owner text is claimed is queued, and the queue texts the owner once', async () => {
    const params = transcriptionDone(
      sid('CA', 'fault2'),
      NUMBERS.aceBusiness,
      NUMBERS.customer,
      sid('RE', '00000000000000000000000000fa17'),
      'Please call back',
    );
    const restore = harness.failDynamo(onItem('UpdateItemCommand', 'VOICEMAIL#'));

    const path = voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'fault2'), NUMBERS.aceBusiness);
    const failed = await harness.post(path, params);
    restore();
    await harness.functions.redelivery.drain();
    await harness.post(path, params);

    expect(failed.statusCode).toBe(200);
    expect(harness.metrics()[MetricName.WEBHOOK_QUEUED]).toBe(1);
    expect(
      harness
        .outbox()
        .filter((sms) => sms.to === NUMBERS.aceOwner)
        .map((sms) => sms.body),
    ).toEqual([expect.stringMatching(/^#\d+ Voicemail from \+447911123456: Please call back$/)]);
  });

  it('a status callback whose screening decision cannot be written is queued, sends nothing yet, and the queue finishes it once', async () => {
    await harness.voice(incomingCall(sid('CA', 'fault3'), NUMBERS.aceBusiness, NUMBERS.customer));
    const restore = harness.failDynamo(onItem('UpdateItemCommand', 'SCREEN#'));

    const failed = await harness.status(
      callEnded(sid('CA', 'fault3'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'),
    );
    const sentBeforeTheQueue = harness.outbox().length;
    restore();
    await harness.functions.redelivery.drain();

    expect(failed.statusCode).toBe(200);
    expect(sentBeforeTheQueue).toBe(0);
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
  });
});
