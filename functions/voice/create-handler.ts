import { renderVoiceAnswer } from '../../shared/adapters/twilio/twiml';
import { answerVoiceCall } from '../../shared/domain/calls/answer-voice-call';
import { twimlResponse } from '../../shared/http/responses';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import type { VoiceWiring } from './wiring';

export const VOICE_ROUTE = '/twilio/voice';

/** POST /twilio/voice: answers a call by the role of the number called. */
export function createVoiceHandler(wiring: VoiceWiring) {
  return twilioWebhook({ path: VOICE_ROUTE, onFailure: 'hang-up' }, wiring.chain, async (params, metrics) => {
    const call = {
      callSid: requireSid(params, 'CallSid'),
      to: requireParam(params, 'To'),
      from: optionalParam(params, 'From') ?? '',
    };
    const answer = await answerVoiceCall(call, { ...wiring.answer, metrics });
    return twimlResponse(renderVoiceAnswer(answer));
  });
}
