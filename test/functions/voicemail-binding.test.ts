import { MetricName } from '../../shared/metric-names';
import { PATH_TOKEN } from '../../shared/http/path-token';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { recordingCompleted, transcriptionDone, voicemailCallback } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingCall, startHarness, type Harness } from '../support/webhook-harness';

/*
 * Issue 17 §2: a voicemail's recording and transcription callbacks are accepted only for a CallSid we answered with
 * <Record>, for that business and client: the token our TwiML put in their URLs says so, and nothing else does.
 */

describe('voicemail callbacks are bound to the call we recorded', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const ownerVoicemailTexts = () =>
    harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('Voicemail from'));

  it('the callback URLs our <Record> names carry the token, and a transcription posted to them reaches the owner', async () => {
    const callSid = sid('CA', 'bound-1');
    const answer = await harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer));
    const transcribeUrl = /transcribeCallback="https:\/\/hooks\.example\.test\/prod([^"]+)"/.exec(answer.body)?.[1];

    expect(transcribeUrl).toBe(voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness));
    const response = await harness.post(
      transcribeUrl as string,
      transcriptionDone(callSid, NUMBERS.aceBusiness, NUMBERS.customer, sid('RE', 'bound-1'), 'Call me'),
    );
    expect(response.statusCode).toBe(200);
    expect(ownerVoicemailTexts()).toHaveLength(1);
  });

  it.each([
    ['another call', () => voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'other'), NUMBERS.aceBusiness)],
    [
      'another business',
      () => voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', 'forged'), NUMBERS.clientOwnedOnly),
    ],
    ['a made-up token', () => WEBHOOK_ROUTES.transcription.replace(PATH_TOKEN, `447476955110.YzE.${'A'.repeat(32)}`)],
  ])(
    'a signed transcription whose token was given to %s is refused, counted, and texts nobody',
    async (_kind, path) => {
      const response = await harness.post(
        path(),
        transcriptionDone(sid('CA', 'forged'), NUMBERS.aceBusiness, NUMBERS.customer, sid('RE', 'forged'), 'Hi'),
      );

      expect(response.statusCode).toBe(403);
      expect(harness.metrics()[MetricName.VOICEMAIL_FORGED]).toBe(1);
      expect(harness.outbox()).toEqual([]);
      expect(await harness.activityItem(`VOICEMAIL#${sid('RE', 'forged')}`, 'VOICEMAIL')).toBeUndefined();
    },
  );

  it("a transcription bound to the number's previous client is refused: the number changed hands since", async () => {
    const callSid = sid('CA', 'old-tenure');
    const response = await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness, 'c-previous'),
      transcriptionDone(callSid, NUMBERS.aceBusiness, NUMBERS.customer, sid('RE', 'old-tenure'), 'Hi'),
    );

    expect(response.statusCode).toBe(200);
    expect(harness.metrics()[MetricName.VOICEMAIL_FORGED]).toBe(1);
    expect(harness.outbox()).toEqual([]);
  });

  it('a recording callback with a token for another call is refused and stores nothing', async () => {
    const response = await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.recording, sid('CA', 'someone-else'), NUMBERS.aceBusiness),
      recordingCompleted(sid('CA', 'rec-forged'), sid('RE', 'rec-forged')),
    );

    expect(response.statusCode).toBe(403);
    expect(await harness.activityItem(`VOICEMAIL#${sid('RE', 'rec-forged')}`, 'VOICEMAIL')).toBeUndefined();
  });
});
