import twilio from 'twilio';
import { answerVoiceCall } from '../../shared/domain/calls/answer-voice-call';
import { VOICE_SETTINGS, wireVoice } from '../../functions/voice/wiring';
import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { naiveWebhook } from './naive-webhook';

const { chain, answer: deps } = wireVoice(loadConfig(VOICE_SETTINGS), lambdaWiring('voice'));

/** The voice webhook written naively (see naive-webhook.ts). */
export const handler = naiveWebhook(chain, '/twilio/voice', async (params, metrics) => {
  const answer = await answerVoiceCall(
    { callSid: params.CallSid ?? '', to: params.To ?? '', from: params.From ?? '' },
    { ...deps, metrics },
  );
  const response = new twilio.twiml.VoiceResponse();
  if (answer.kind === 'greeting')
    response.say(
      { voice: 'Polly.Joanna' },
      `Thanks for calling ${answer.businessName ?? 'us'}. We'll send you a text message in a moment.`,
    );
  if (answer.kind === 'text-only')
    response.say(
      { voice: 'Polly.Joanna' },
      'This number is for text messages only. Please send us a text to get started.',
    );
  response.hangup();
  return response.toString();
});
