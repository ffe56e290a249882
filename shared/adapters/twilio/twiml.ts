import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { VoiceAnswer } from '../../domain/calls/answer-voice-call';

const VOICE = 'Polly.Joanna';

export const TEXT_ONLY_MESSAGE = 'This number is for text messages only. Please send us a text to get started.';

/** Renders what the caller hears as TwiML. Every answer ends the call. */
export function renderVoiceAnswer(answer: VoiceAnswer): string {
  const response = new VoiceResponse();
  switch (answer.kind) {
    case 'greeting': {
      const name = answer.businessName ? `Thanks for calling ${answer.businessName}.` : 'Thanks for calling.';
      response.say({ voice: VOICE }, `${name} Sorry we can't take your call right now. We'll send you a text message in a moment.`);
      break;
    }
    case 'text-only':
      response.say({ voice: VOICE }, TEXT_ONLY_MESSAGE);
      break;
    case 'hang-up':
      break;
  }
  response.hangup();
  return response.toString();
}

/** An empty messaging answer: replies are sent through the REST API, where each send is recorded. */
export function renderEmptyMessagingResponse(): string {
  return new MessagingResponse().toString();
}
