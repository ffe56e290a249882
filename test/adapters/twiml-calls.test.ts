import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { VoiceAnswer } from '../../shared/domain/calls/answer-voice-call';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { renderVoiceAnswer, voiceCallbackUrls } from '../../shared/adapters/twilio/twiml';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';

const urls = voiceCallbackUrls('https://hooks.example.test/prod', WEBHOOK_ROUTES);
const voice = { voice: 'Polly.Joanna' } as const;

/** The oracle: twilio's own builder, given the same verbs and attributes. */
/** The call's voicemail token (voicemail-token.ts): it goes in place of `{token}` in the two callback URLs. */
const TOKEN = '447476955110.YzE.abcdefghijklmnopqrstuvwxyz012345';

function record(response: VoiceResponse): void {
  response.record({
    action: urls.voicemailDone,
    maxLength: 120,
    playBeep: true,
    recordingStatusCallback: urls.recording.replace('{token}', TOKEN),
    transcribe: true,
    transcribeCallback: urls.transcription.replace('{token}', TOKEN),
  });
}

describe('the TwiML of ring mode and voicemail is byte-identical to what twilio builds', () => {
  it("the ring-first dial, with the screening URL on the owner's number", () => {
    const answer: VoiceAnswer = {
      kind: 'ring',
      ownerPhone: '+447400111222' as E164,
      businessNumber: '+447476955110' as E164,
      ringSeconds: 20,
    };
    const oracle = new VoiceResponse();
    oracle
      .dial({ action: urls.dialAction, answerOnBridge: true, callerId: '+447476955110', timeout: 20 })
      .number({ url: urls.screen }, '+447400111222');

    expect(renderVoiceAnswer(answer, urls)).toBe(oracle.toString());
  });

  it('the screening prompt to the owner', () => {
    const answer: VoiceAnswer = {
      kind: 'screen',
      businessName: 'Ace & Sons <Plumbing>',
      caller: '+447911123456' as E164,
    };
    const oracle = new VoiceResponse();
    oracle
      .gather({ action: urls.screenResult, numDigits: 1, timeout: 10 })
      .say(voice, 'Call for Ace & Sons <Plumbing> from 4 4 7 9 1 1 1 2 3 4 5 6. Press 1 to take it.');
    oracle.hangup();

    expect(renderVoiceAnswer(answer, urls)).toBe(oracle.toString());
  });

  it('the screening prompt for a withheld caller', () => {
    const oracle = new VoiceResponse();
    oracle
      .gather({ action: urls.screenResult, numDigits: 1, timeout: 10 })
      .say(voice, 'Call for Ace Plumbing from a withheld number. Press 1 to take it.');
    oracle.hangup();

    expect(renderVoiceAnswer({ kind: 'screen', businessName: 'Ace Plumbing' }, urls)).toBe(oracle.toString());
  });

  it('the greeting with a voicemail', () => {
    const oracle = new VoiceResponse();
    oracle.say(
      voice,
      "Thanks for calling Ace Plumbing. Sorry we can't take your call right now. Please leave a message after the tone. We'll also send you a text message.",
    );
    record(oracle);
    oracle.hangup();

    expect(renderVoiceAnswer({ kind: 'greeting', businessName: 'Ace Plumbing', voicemail: true }, urls, TOKEN)).toBe(
      oracle.toString(),
    );
  });

  it('the voicemail after a dial nobody took', () => {
    const oracle = new VoiceResponse();
    oracle.say(
      voice,
      "Sorry, nobody at Ace Plumbing could take your call. Please leave a message after the tone. We'll also send you a text message.",
    );
    record(oracle);
    oracle.hangup();

    expect(
      renderVoiceAnswer(
        { kind: 'greeting', businessName: 'Ace Plumbing', voicemail: true, afterRing: true },
        urls,
        TOKEN,
      ),
    ).toBe(oracle.toString());
  });

  it("the owner's own greeting (issue 19), with <, & and quotes, is escaped exactly as twilio escapes it", () => {
    const words = `You've reached <Ace & Sons> "24/7" plumbing.`;
    const oracle = new VoiceResponse();
    oracle.say(voice, `${words} Please leave a message after the tone. We'll also send you a text message.`);
    record(oracle);
    oracle.hangup();

    expect(
      renderVoiceAnswer({ kind: 'greeting', businessName: 'Ace Plumbing', words, voicemail: true }, urls, TOKEN),
    ).toBe(oracle.toString());
  });

  it("the owner's own greeting when closed still says when the business opens", () => {
    const oracle = new VoiceResponse();
    oracle.say(
      voice,
      "Hello from Ace. We're closed right now and open again on Monday at 08:00. Please leave a message after the tone. We'll also send you a text message.",
    );
    record(oracle);
    oracle.hangup();

    expect(
      renderVoiceAnswer(
        {
          kind: 'greeting',
          businessName: 'Ace Plumbing',
          words: 'Hello from Ace.',
          voicemail: true,
          closed: { opens: 'on Monday at 08:00' },
        },
        urls,
        TOKEN,
      ),
    ).toBe(oracle.toString());
  });

  it('the closed greeting with when the business opens', () => {
    const oracle = new VoiceResponse();
    oracle.say(
      voice,
      "Thanks for calling Ace Plumbing. We're closed right now and open again on Monday at 08:00. Please leave a message after the tone. We'll also send you a text message.",
    );
    record(oracle);
    oracle.hangup();

    expect(
      renderVoiceAnswer(
        { kind: 'greeting', businessName: 'Ace Plumbing', voicemail: true, closed: { opens: 'on Monday at 08:00' } },
        urls,
        TOKEN,
      ),
    ).toBe(oracle.toString());
  });

  it.each([
    ['connect', { kind: 'connect' } as VoiceAnswer, (r: VoiceResponse) => r.say(voice, 'Connecting.')],
    [
      'decline',
      { kind: 'decline', reason: 'declined' } as VoiceAnswer,
      (r: VoiceResponse) => {
        r.say(voice, 'OK. The caller will be asked to leave a message.');
        r.hangup();
      },
    ],
    [
      'caller gone',
      { kind: 'decline', reason: 'caller-gone' } as VoiceAnswer,
      (r: VoiceResponse) => {
        r.say(voice, 'Sorry, the caller is no longer on the line.');
        r.hangup();
      },
    ],
    [
      'goodbye',
      { kind: 'goodbye' } as VoiceAnswer,
      (r: VoiceResponse) => {
        r.say(voice, 'Thank you. Goodbye.');
        r.hangup();
      },
    ],
    ['hang up', { kind: 'hang-up' } as VoiceAnswer, (r: VoiceResponse) => r.hangup()],
  ])('the %s answer', (_name, answer, build) => {
    const oracle = new VoiceResponse();
    build(oracle);

    expect(renderVoiceAnswer(answer, urls)).toBe(oracle.toString());
  });

  it('every callback URL is absolute under the public base URL, with no query string', () => {
    for (const url of Object.values(urls))
      expect(url).toMatch(/^https:\/\/hooks\.example\.test\/prod\/twilio\/(voice|status)\/[a-z-]+(\/\{token\})?$/);
  });
});
