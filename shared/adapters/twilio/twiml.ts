import type { VoiceAnswer } from '../../domain/calls/answer-voice-call';
import { element, renderXmlDocument, stripXmlForbidden, type XmlElement } from './xml-document';

const VOICE = 'Polly.Joanna';

export const TEXT_ONLY_MESSAGE = 'This number is for text messages only. Please send us a text to get started.';

const say = (text: string): XmlElement => element('Say', { voice: VOICE }, text);
const hangup = (): XmlElement => element('Hangup');

/** Renders what the caller hears as TwiML. Every answer ends the call. */
export function renderVoiceAnswer(answer: VoiceAnswer): string {
  return renderXmlDocument(element('Response', {}, [...spokenPart(answer), hangup()]));
}

function spokenPart(answer: VoiceAnswer): XmlElement[] {
  switch (answer.kind) {
    case 'greeting': {
      // Stripped before the choice, so a name made only of characters XML cannot carry counts as no name.
      const businessName = stripXmlForbidden(answer.businessName ?? '');
      const name = businessName ? `Thanks for calling ${businessName}.` : 'Thanks for calling.';
      return [say(`${name} Sorry we can't take your call right now. We'll send you a text message in a moment.`)];
    }
    case 'text-only':
      return [say(TEXT_ONLY_MESSAGE)];
    case 'hang-up':
      return [];
  }
}

/** An empty messaging answer: replies are sent through the REST API, where each send is recorded. */
export function renderEmptyMessagingResponse(): string {
  return renderXmlDocument(element('Response'));
}
