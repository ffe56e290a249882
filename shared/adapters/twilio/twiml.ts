import type { VoiceAnswer } from '../../domain/calls/answer-voice-call';
import { VOICEMAIL_PROMPT } from '../../domain/calls/owner-words';
import { PATH_TOKEN } from '../../http/path-token';
import { element, renderXmlDocument, stripXmlForbidden, type XmlElement } from './xml-document';

const VOICE = 'Polly.Joanna';

export const TEXT_ONLY_MESSAGE = 'This number is for text messages only. Please send us a text to get started.';
/** What a caller to a released number hears while it rests: neutral, naming no business. */
export const OUT_OF_SERVICE_MESSAGE = 'This number is no longer in service.';

/** Twilio transcribes <Record> recordings of at most two minutes. */
export const VOICEMAIL_MAX_SECONDS = 120;
/** How long the owner has to press 1. */
export const SCREEN_SECONDS = 10;

/** Absolute URLs (PUBLIC_BASE_URL + route, no query string) of the callbacks our TwiML names; `{token}` is filled per call. */
export interface VoiceCallbackUrls {
  dialAction: string;
  screen: string;
  screenResult: string;
  voicemailDone: string;
  recording: string;
  transcription: string;
}

const say = (text: string): XmlElement => element('Say', { voice: VOICE }, text);
const hangup = (): XmlElement => element('Hangup');

/**
 * Renders what the caller (or, screening, the owner) hears as TwiML. `voicemailToken` goes in place of `{token}` in
 * the recording and transcription callback URLs (voicemail-token.ts).
 */
export function renderVoiceAnswer(answer: VoiceAnswer, urls?: VoiceCallbackUrls, voicemailToken?: string): string {
  return renderXmlDocument(element('Response', {}, verbs(answer, urls, voicemailToken)));
}

function verbs(answer: VoiceAnswer, urls: VoiceCallbackUrls | undefined, voicemailToken?: string): XmlElement[] {
  switch (answer.kind) {
    case 'greeting': {
      // Stripped before the choice, so a name made only of characters XML cannot carry counts as no name.
      const businessName = stripXmlForbidden(answer.businessName ?? '');
      // The owner's own greeting (issue 19) is text like any other: stripped here, escaped by the writer.
      const words = stripXmlForbidden(answer.words ?? '');
      if (!answer.voicemail) {
        const name = businessName ? `Thanks for calling ${businessName}.` : 'Thanks for calling.';
        return [
          say(
            `${words || `${name} Sorry we can't take your call right now.`} We'll send you a text message in a moment.`,
          ),
          hangup(),
        ];
      }
      const callbacks = required(urls, answer.kind);
      return [say(voicemailGreeting(businessName, words, answer)), record(callbacks, voicemailToken), hangup()];
    }
    case 'text-only':
      return [say(TEXT_ONLY_MESSAGE), hangup()];
    case 'out-of-service':
      return [say(OUT_OF_SERVICE_MESSAGE), hangup()];
    case 'hang-up':
      return [hangup()];
    case 'ring': {
      const callbacks = required(urls, answer.kind);
      // answerOnBridge: the caller hears ringing, and is not answered, until the owner takes the call.
      const dial = element(
        'Dial',
        {
          action: callbacks.dialAction,
          answerOnBridge: true,
          callerId: answer.businessNumber,
          timeout: answer.ringSeconds,
        },
        [element('Number', { url: callbacks.screen }, answer.ownerPhone)],
      );
      return [dial];
    }
    case 'screen': {
      const callbacks = required(urls, answer.kind);
      const businessName = stripXmlForbidden(answer.businessName) || 'your business';
      const prompt = say(`Call for ${businessName} from ${spokenNumber(answer.caller)}. Press 1 to take it.`);
      // No key press (a carrier voicemail, an IVR, nobody): Twilio goes on to <Hangup/> and the call is not connected.
      return [
        element('Gather', { action: callbacks.screenResult, numDigits: 1, timeout: SCREEN_SECONDS }, [prompt]),
        hangup(),
      ];
    }
    case 'connect':
      // The owner's leg ends its document without hanging up: Twilio connects the two calls.
      return [say('Connecting.')];
    case 'decline':
      return [
        say(
          answer.reason === 'declined'
            ? 'OK. The caller will be asked to leave a message.'
            : 'Sorry, the caller is no longer on the line.',
        ),
        hangup(),
      ];
    case 'goodbye':
      return [say('Thank you. Goodbye.'), hangup()];
    case 'mailbox-full':
      return [say("Sorry, this mailbox is full for today, so your message won't be passed on. Goodbye."), hangup()];
  }
}

function voicemailGreeting(
  businessName: string,
  words: string,
  answer: Extract<VoiceAnswer, { kind: 'greeting' }>,
): string {
  const name = businessName || 'us';
  const opening = answer.afterRing
    ? `Sorry, nobody at ${businessName || 'the business'} could take your call.`
    : words || `Thanks for calling ${name}.`;
  const closed = answer.closed
    ? ` We're closed right now${answer.closed.opens ? ` and open again ${answer.closed.opens}` : ''}.`
    : answer.afterRing || words
      ? ''
      : " Sorry we can't take your call right now.";
  return `${opening}${closed} ${VOICEMAIL_PROMPT}`;
}

function record(urls: VoiceCallbackUrls, token = ''): XmlElement {
  // Without an action Twilio would fetch this same document again after recording: the voicemail-done route ends the call.
  return element('Record', {
    action: urls.voicemailDone,
    maxLength: VOICEMAIL_MAX_SECONDS,
    playBeep: true,
    recordingStatusCallback: urls.recording.replace(PATH_TOKEN, token),
    transcribe: true,
    transcribeCallback: urls.transcription.replace(PATH_TOKEN, token),
  });
}

/** A number read digit by digit, so the owner hears who is calling. */
function spokenNumber(caller: string | undefined): string {
  if (!caller) return 'a withheld number';
  return caller.replace(/^\+/, '').split('').join(' ');
}

function required(urls: VoiceCallbackUrls | undefined, kind: string): VoiceCallbackUrls {
  if (!urls) throw new Error(`the ${kind} answer names callback URLs: pass them to renderVoiceAnswer`);
  return urls;
}

/** The callback URLs under a public base URL. */
export function voiceCallbackUrls(
  publicBaseUrl: string,
  routes: { [K in keyof VoiceCallbackUrls]: string },
): VoiceCallbackUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    dialAction: base + routes.dialAction,
    screen: base + routes.screen,
    screenResult: base + routes.screenResult,
    voicemailDone: base + routes.voicemailDone,
    recording: base + routes.recording,
    transcription: base + routes.transcription,
  };
}

/** An empty messaging answer: replies are sent through the REST API, where each send is recorded. */
export function renderEmptyMessagingResponse(): string {
  return renderXmlDocument(element('Response'));
}

/** The call ended at once (a voice webhook that failed): the hang-up answer, without the other verbs' renderer. */
export function renderHangUp(): string {
  return renderXmlDocument(element('Response', {}, [hangup()]));
}
