import type { VoiceAnswer } from '../../domain/calls/answer-voice-call';
import * as customerText from '../../domain/texts/customer-texts';
import type { Language } from '../../domain/texts/language';
import { PATH_TOKEN } from '../../http/path-token';
import { element, renderXmlDocument, stripXmlForbidden, type XmlElement } from './xml-document';

/**
 * The Polly voice of each language (issue 19). English keeps Joanna (en-US), with no language attribute as before.
 * Spanish: Lupe, Polly's es-US voice (standard and neural), a woman's voice as Joanna is; US Spanish is the variety
 * most Spanish-speaking callers of a US trade business speak, and is understood everywhere. `language` names Lupe's own
 * locale: Twilio refuses a <Say> whose voice and language do not match.
 */
const VOICES: Record<Language, { voice: string; language?: string }> = {
  en: { voice: 'Polly.Joanna' },
  es: { voice: 'Polly.Lupe', language: 'es-US' },
};

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

const say = (text: string, language: Language = 'en'): XmlElement => element('Say', VOICES[language], text);
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
      const language = answer.language ?? 'en';
      if (!answer.voicemail) {
        const welcome = `${customerText.thanksForCalling[language](businessName)} ${customerText.cannotTakeCall[language]}`;
        return [say(`${words || welcome} ${customerText.textComing[language]}`, language), hangup()];
      }
      const callbacks = required(urls, answer.kind);
      return [
        say(voicemailGreeting(businessName, words, answer, language), language),
        record(callbacks, voicemailToken),
        hangup(),
      ];
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
    case 'mailbox-full': {
      const language = answer.language ?? 'en';
      const line = answer.kind === 'goodbye' ? customerText.goodbye : customerText.mailboxFull;
      return [say(line[language], language), hangup()];
    }
  }
}

function voicemailGreeting(
  businessName: string,
  words: string,
  answer: Extract<VoiceAnswer, { kind: 'greeting' }>,
  language: Language,
): string {
  const opening = answer.afterRing
    ? customerText.nobodyCouldAnswer[language](businessName)
    : words ||
      (businessName
        ? customerText.thanksForCalling[language](businessName)
        : customerText.thanksForCallingUs[language]);
  const closed = answer.closed
    ? ` ${customerText.closedNow[language](answer.closed.opens)}`
    : answer.afterRing || words
      ? ''
      : ` ${customerText.cannotTakeCall[language]}`;
  return `${opening}${closed} ${customerText.voicemailPrompt[language]}`;
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
