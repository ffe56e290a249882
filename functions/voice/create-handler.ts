import { renderVoiceAnswer, voiceCallbackUrls } from '../../shared/adapters/twilio/twiml';
import {
  answerVoiceCall,
  type AnswerVoiceCallDeps,
  type VoiceAnswer,
} from '../../shared/domain/calls/answer-voice-call';
import { finishRingDial, screenForOwner, takeScreenAnswer } from '../../shared/domain/calls/ring-first';
import { endVoicemail } from '../../shared/domain/calls/voicemail-budget';
import { voicemailToken } from '../../shared/domain/calls/voicemail-token';
import { twimlResponse } from '../../shared/http/responses';
import { routeByResource } from '../../shared/http/route-by-resource';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import type { WebhookHandler, WebhookParams } from '../../shared/http/webhook-types';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import type { VoiceWiring } from './wiring';

export const VOICE_ROUTE = WEBHOOK_ROUTES.voice;

/**
 * POST /twilio/voice: answers a call by the role of the number called; and the ring-first callbacks our TwiML
 * names: /twilio/voice/dial-action, /screen, /screen-result, /voicemail-done (a mailbox full past VOICEMAILS_PER_CALLER).
 */
export function createVoiceHandler(wiring: VoiceWiring): WebhookHandler {
  const urls = voiceCallbackUrls(wiring.chain.publicBaseUrl, WEBHOOK_ROUTES);
  const route = (path: string, body: (params: WebhookParams, deps: AnswerVoiceCallDeps) => Promise<VoiceAnswer>) =>
    twilioWebhook({ path, onFailure: 'hang-up' }, wiring.chain, async (params, metrics) => {
      const answer = await body(params, { ...wiring.answer, metrics });
      // A voicemail's callbacks are bound to this call and business by a token in their URLs (voicemail-token.ts).
      const token =
        answer.kind === 'greeting' && answer.recordFor
          ? voicemailToken((await wiring.chain.credentials()).authToken, {
              callSid: requireSid(params, 'CallSid'),
              ...answer.recordFor,
            })
          : undefined;
      return twimlResponse(renderVoiceAnswer(answer, urls, token));
    });
  const ownerLeg = (params: WebhookParams) => ({
    callSid: requireSid(params, 'CallSid'),
    parentCallSid: requireSid(params, 'ParentCallSid'),
    from: requireParam(params, 'From'),
    to: requireParam(params, 'To'),
  });

  return routeByResource({
    [WEBHOOK_ROUTES.voice]: route(WEBHOOK_ROUTES.voice, (params, deps) => {
      const forwardedFrom = optionalParam(params, 'ForwardedFrom');
      const stirVerstat = optionalParam(params, 'StirVerstat');
      const call = {
        callSid: requireSid(params, 'CallSid'),
        to: requireParam(params, 'To'),
        from: optionalParam(params, 'From') ?? '',
        ...(forwardedFrom ? { forwardedFrom } : {}),
        ...(stirVerstat ? { stirVerstat } : {}),
      };
      return answerVoiceCall(call, deps);
    }),
    [WEBHOOK_ROUTES.dialAction]: route(WEBHOOK_ROUTES.dialAction, (params, deps) =>
      finishRingDial(
        {
          callSid: requireSid(params, 'CallSid'),
          to: requireParam(params, 'To'),
          from: optionalParam(params, 'From') ?? '',
          dialCallStatus: requireParam(params, 'DialCallStatus'),
        },
        deps,
      ),
    ),
    [WEBHOOK_ROUTES.screen]: route(WEBHOOK_ROUTES.screen, (params, deps) => screenForOwner(ownerLeg(params), deps)),
    [WEBHOOK_ROUTES.screenResult]: route(WEBHOOK_ROUTES.screenResult, (params, deps) =>
      takeScreenAnswer({ ...ownerLeg(params), digits: optionalParam(params, 'Digits') }, deps),
    ),
    // The voicemail is over: the recording callbacks carry it to the status function; past the caller's voicemail
    // budget the caller hears that the mailbox is full.
    [WEBHOOK_ROUTES.voicemailDone]: route(WEBHOOK_ROUTES.voicemailDone, (params, deps) =>
      endVoicemail(
        {
          callSid: requireSid(params, 'CallSid'),
          to: requireParam(params, 'To'),
          from: optionalParam(params, 'From') ?? '',
        },
        deps,
      ),
    ),
  });
}
