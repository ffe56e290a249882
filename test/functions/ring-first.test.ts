import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import {
  deliver,
  deliveries,
  orders,
  ownerLeg,
  RING_SEED,
  type CallFacts,
  type LateCallback,
} from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { incomingCall, startHarness, type Harness } from '../support/webhook-harness';

const BASE = 'https://hooks.example.test/prod';
let sequence = 0;

/** A fresh caller and SIDs for each call, so cooldowns and claims of one call never touch another. */
function newCall(
  dialCallStatus: string,
  transcript: string | null = 'Hi, my boiler is leaking, please call back',
): CallFacts {
  sequence += 1;
  const n = String(sequence).padStart(4, '0');
  return {
    callSid: `CA${n}0000000000000000000000000000`,
    childSid: `CA${n}1111111111111111111111111111`,
    recordingSid: `RE${n}2222222222222222222222222222`,
    business: NUMBERS.aceBusiness,
    caller: `+4479111${n.padStart(5, '0')}`,
    owner: NUMBERS.aceOwner,
    dialCallStatus,
    transcript: transcript ?? undefined,
  };
}

const textsTo = (harness: Harness, phone: string) => harness.outbox().filter((sms) => sms.to === phone);
const ownerTextsAbout = (harness: Harness, call: CallFacts) =>
  textsTo(harness, NUMBERS.aceOwner).filter((sms) => sms.body.includes(call.caller));

describe('ring mode: the owner is rung first and must press 1', () => {
  let harness: Harness;
  beforeAll(async () => {
    // Many calls to one business within the test clock's hour: past RING_DIALS_PER_HOUR they would go to voicemail.
    harness = await startHarness(RING_SEED, { dailySmsCap: 100_000, callBudgets: { dialsPerOwnerPerHour: 1000 } });
  });
  afterAll(async () => harness.close());

  async function ring(call: CallFacts): Promise<string> {
    return (await harness.voice(incomingCall(call.callSid, call.business, call.caller))).body;
  }
  async function ownerAnswers(
    call: CallFacts,
    digits: string | undefined,
  ): Promise<{ screen: string; result?: string }> {
    const screen = (
      await harness.post(WEBHOOK_ROUTES.screen, ownerLeg(call.childSid, call.callSid, call.business, call.owner))
    ).body;
    if (digits === undefined) return { screen };
    const result = (
      await harness.post(
        WEBHOOK_ROUTES.screenResult,
        ownerLeg(call.childSid, call.callSid, call.business, call.owner, { Digits: digits }),
      )
    ).body;
    return { screen, result };
  }

  it('a call to a ring-mode business rings the owner with the business number as caller ID and a screening URL', async () => {
    const call = newCall('completed');

    expect(await ring(call)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial action="${BASE}/twilio/voice/dial-action" answerOnBridge="true" callerId="${NUMBERS.aceBusiness}" timeout="20">` +
        `<Number url="${BASE}/twilio/voice/screen">${NUMBERS.aceOwner}</Number></Dial></Response>`,
    );
  });

  it('the owner hears who is calling and is asked to press 1', async () => {
    const call = newCall('completed');
    await ring(call);

    const { screen } = await ownerAnswers(call, undefined);

    expect(screen).toContain(`<Gather action="${BASE}/twilio/voice/screen-result" numDigits="1" timeout="10">`);
    expect(screen).toContain(
      `Call for Ace Plumbing from ${call.caller.slice(1).split('').join(' ')}. Press 1 to take it.`,
    );
    expect(screen).toMatch(/<\/Gather><Hangup\/><\/Response>$/);
  });

  describe.each(deliveries<LateCallback>(['dial', 'status']).map((order) => [order.join(' → '), order] as const))(
    'the owner presses 1, then Twilio delivers %s',
    (_name, order) => {
      it('the call is connected: no text-back and no missed-call alert, counted once as connected', async () => {
        const call = newCall('completed');
        const before = harness.metrics()[MetricName.DIAL_CONNECTED] ?? 0;
        await ring(call);
        const { result } = await ownerAnswers(call, '1');
        expect(result).toBe(
          '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna">Connecting.</Say></Response>',
        );

        for (const callback of order) {
          const answer = await deliver(harness, callback, call);
          expect(answer.statusCode).toBe(200);
          if (callback === 'dial')
            expect(answer.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
        }

        expect(textsTo(harness, call.caller)).toEqual([]);
        expect(ownerTextsAbout(harness, call)).toEqual([]);
        expect((harness.metrics()[MetricName.DIAL_CONNECTED] ?? 0) - before).toBe(1);
      });
    },
  );

  const notTaken: Array<[string, string, string | undefined]> = [
    ['the owner declines (presses 2)', 'completed', '2'],
    ["the owner's carrier voicemail answers (no key press)", 'completed', undefined],
    ['nobody answers', 'no-answer', 'none'],
    ["the owner's phone is busy", 'busy', 'none'],
    ['the dial fails', 'failed', 'none'],
  ];

  describe.each(notTaken)('%s', (_name, dialCallStatus, digits) => {
    // Every order and repetition for the common case; every order of one delivery each for the others.
    const sequences =
      dialCallStatus === 'no-answer'
        ? deliveries<LateCallback>(['status', 'recording', 'transcription'])
        : orders<LateCallback>(['status', 'recording', 'transcription']);
    it.each(sequences.map((order) => [order.join(' → '), order] as const))(
      'the caller leaves a voicemail; after the Dial action Twilio delivers %s: one text-back, one alert, one voicemail text',
      async (_order, order) => {
        const call = newCall(dialCallStatus);
        const missedBefore = harness.metrics()[MetricName.DIAL_MISSED] ?? 0;
        await ring(call);
        if (digits !== 'none') await ownerAnswers(call, digits);

        const afterDial = await deliver(harness, 'dial', call);
        expect(afterDial.body).toContain(
          'Sorry, nobody at Ace Plumbing could take your call. Please leave a message after the tone.',
        );
        expect(afterDial.body).toContain(`<Record action="${BASE}/twilio/voice/voicemail-done"`);
        for (const callback of order) expect((await deliver(harness, callback, call)).statusCode).toBe(200);

        expect(textsTo(harness, call.caller).map((sms) => sms.body)).toEqual([
          expect.stringContaining('Sorry we missed your call at Ace Plumbing.'),
        ]);
        const ownerTexts = ownerTextsAbout(harness, call).map((sms) => sms.body);
        expect(ownerTexts.filter((body) => body.startsWith('Missed call to Ace Plumbing'))).toHaveLength(1);
        expect(ownerTexts.filter((body) => /^#\d+ Voicemail from /.test(body))).toEqual([
          expect.stringMatching(
            new RegExp(`^#\\d+ Voicemail from \\${call.caller}: Hi, my boiler is leaking, please call back$`),
          ),
        ]);
        expect((harness.metrics()[MetricName.DIAL_MISSED] ?? 0) - missedBefore).toBe(1);
      },
    );
  });

  it('the Dial action delivered twice answers the same voicemail both times and counts one missed dial', async () => {
    const call = newCall('no-answer');
    const before = harness.metrics()[MetricName.DIAL_MISSED] ?? 0;
    await ring(call);

    const first = await deliver(harness, 'dial', call);
    const second = await deliver(harness, 'dial', call);

    expect(second.body).toBe(first.body);
    expect((harness.metrics()[MetricName.DIAL_MISSED] ?? 0) - before).toBe(1);
  });

  it.each(orders<LateCallback>(['dial', 'status']).map((order) => [order.join(' → '), order] as const))(
    'the caller hangs up while the owner is rung (%s): one text-back and one alert, no voicemail',
    async (_name, order) => {
      const call = { ...newCall('canceled'), callStatus: 'canceled' };
      await ring(call);

      for (const callback of order) await deliver(harness, callback, call);

      expect(textsTo(harness, call.caller)).toHaveLength(1);
      expect(ownerTextsAbout(harness, call).map((sms) => sms.body)).toEqual([
        expect.stringMatching(/^Missed call to Ace Plumbing/),
      ]);
    },
  );

  it('the owner pressing 1 after the caller has gone is told so, and the caller still gets the text-back', async () => {
    const call = { ...newCall('canceled'), callStatus: 'canceled' };
    await ring(call);
    await ownerAnswers(call, undefined);
    await deliver(harness, 'status', call);

    const { result } = await ownerAnswers(call, '1');

    expect(result).toContain('Sorry, the caller is no longer on the line.</Say><Hangup/>');
    expect(textsTo(harness, call.caller)).toHaveLength(1);
  });

  it('the owner pressing 1 while the caller hangs up before being connected still gets the caller their text-back', async () => {
    const call = { ...newCall('canceled'), callStatus: 'canceled' };
    await ring(call);
    await ownerAnswers(call, '1');

    await deliver(harness, 'dial', call);
    await deliver(harness, 'status', call);

    expect(textsTo(harness, call.caller)).toHaveLength(1);
  });

  it('a failed transcription still tells the owner a voicemail is waiting, and keeps the recording on the job', async () => {
    const call = newCall('no-answer', null);
    await ring(call);
    await deliver(harness, 'dial', call);
    for (const callback of ['recording', 'transcription', 'status'] as const) await deliver(harness, callback, call);

    expect(ownerTextsAbout(harness, call).map((sms) => sms.body)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^#\\d+ Voicemail from \\${call.caller}: \\(no transcript: the recording is waiting for you\\)$`),
      ),
    );
    const job = (await harness.activityItems()).find((item) => item.sk === `OPENJOB#${call.caller}`);
    const messages = (await harness.activityItems()).filter((item) => item.pk === `JOB#${String(job?.jobId)}`);
    expect(messages).toEqual([
      expect.objectContaining({
        messageSid: call.recordingSid,
        body: 'Voicemail: (no transcript)',
        mediaUrls: [expect.stringContaining(call.recordingSid)],
      }),
    ]);
  });

  it('a voicemail from a caller with an open job goes on that job, with its reference', async () => {
    const call = newCall('no-answer', 'It is me again about the boiler');
    await harness.sms({
      AccountSid: 'AC11111111111111111111111111111111',
      MessageSid: `SM${call.callSid.slice(2)}`,
      To: call.business,
      From: call.caller,
      Body: 'Boiler leaking',
      NumMedia: '0',
    });
    const jobRef = /^#(\d+) New job/.exec(ownerTextsAbout(harness, call)[0]?.body ?? '')?.[1];
    await ring(call);
    await deliver(harness, 'dial', call);

    await deliver(harness, 'transcription', call);

    expect(jobRef).toBeDefined();
    expect(ownerTextsAbout(harness, call).at(-1)?.body).toBe(
      `#${jobRef} Voicemail from ${call.caller}: It is me again about the boiler`,
    );
  });

  it('the voicemail text carries no recording link while recordings are not public', async () => {
    const call = newCall('no-answer');
    await ring(call);
    await deliver(harness, 'dial', call);
    await deliver(harness, 'transcription', call);

    expect(ownerTextsAbout(harness, call).at(-1)?.body).not.toContain('https://');
  });
});

describe('recordings marked public', () => {
  it('the voicemail text carries the recording link when RECORDINGS_PUBLIC is true', async () => {
    const harness = await startHarness(RING_SEED, { recordingsPublic: true });
    try {
      const call = newCall('no-answer');
      await harness.voice(incomingCall(call.callSid, call.business, call.caller));
      await deliver(harness, 'dial', call);
      await deliver(harness, 'transcription', call);

      expect(ownerTextsAbout(harness, call).at(-1)?.body).toMatch(
        new RegExp(`\\nListen: https://api\\.twilio\\.com/.+/Recordings/${call.recordingSid}$`),
      );
    } finally {
      await harness.close();
    }
  });
});

describe('forward mode: voicemail after the greeting', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(undefined, { dailySmsCap: 100_000 });
  });
  afterAll(async () => harness.close());

  it.each(
    deliveries<LateCallback>(['status', 'recording', 'transcription']).map(
      (order) => [order.join(' → '), order] as const,
    ),
  )('Twilio delivers %s: one text-back, one missed-call alert, one voicemail text', async (_name, order) => {
    const call = newCall('none');
    const answer = await harness.voice(incomingCall(call.callSid, call.business, call.caller));
    expect(answer.body).toContain('<Record ');

    for (const callback of order) expect((await deliver(harness, callback, call)).statusCode).toBe(200);

    expect(textsTo(harness, call.caller)).toHaveLength(1);
    const ownerTexts = ownerTextsAbout(harness, call).map((sms) => sms.body);
    expect(ownerTexts.filter((body) => body.startsWith('Missed call to Ace Plumbing'))).toHaveLength(1);
    expect(ownerTexts.filter((body) => body.includes('Voicemail from'))).toHaveLength(1);
  });

  it('a repeated recording callback counts one recorded voicemail', async () => {
    const call = newCall('none');
    const before = harness.metrics()[MetricName.VOICEMAIL_RECORDED] ?? 0;

    await deliver(harness, 'recording', call);
    await deliver(harness, 'recording', call);

    expect((harness.metrics()[MetricName.VOICEMAIL_RECORDED] ?? 0) - before).toBe(1);
  });
});
