import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { readVoicemailToken } from '../../shared/domain/calls/voicemail-token';
import { normalizePhoneNumber } from '../../shared/domain/numbers/phone-number';
import { textResponse, twimlResponse } from '../../shared/http/responses';
import { requireParam, requireSid } from '../../shared/http/webhook-params';
import { MetricName } from '../../shared/metric-names';
import { routeByResource } from '../../shared/http/route-by-resource';
import type { WebhookHandler } from '../../shared/http/webhook-types';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { deliverBoundVoicemail, statusWorks, type StatusRoute } from './status-works';
import type { StatusWiring } from './wiring';

export const STATUS_ROUTE = WEBHOOK_ROUTES.status;

/**
 * POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here.
 * POST /twilio/status/recording/{token} and /twilio/status/transcription/{token}: a voicemail's callbacks, accepted
 * only when the token binds their CallSid to a call we answered with <Record> for that business (voicemail-token.ts).
 */
export function createStatusHandler(wiring: StatusWiring): WebhookHandler {
  const works = statusWorks(wiring);
  const route = (path: StatusRoute) =>
    twilioWebhook({ path, onFailure: 'empty-response' }, wiring.chain, async (params, metrics, { token }) => {
      if (path === STATUS_ROUTE) await works[path](params, metrics);
      else {
        const bound = readVoicemailToken(
          (await wiring.chain.credentials()).authToken,
          token,
          requireSid(params, 'CallSid'),
        );
        const to = path === WEBHOOK_ROUTES.transcription ? normalizePhoneNumber(requireParam(params, 'To')) : undefined;
        if (!bound || (to && to !== bound.business)) {
          metrics.count(MetricName.VOICEMAIL_FORGED);
          wiring.chain.logger.warn('voicemail callback not bound to a call we recorded: refused', {
            route: path,
            callSid: requireSid(params, 'CallSid'),
          });
          return textResponse(403, 'Forbidden');
        }
        await (path === WEBHOOK_ROUTES.transcription
          ? deliverBoundVoicemail(wiring, params, metrics, bound.clientId)
          : works[path](params, metrics));
      }
      return twimlResponse(renderEmptyMessagingResponse());
    });
  return routeByResource({
    [STATUS_ROUTE]: route(STATUS_ROUTE),
    [WEBHOOK_ROUTES.recording]: route(WEBHOOK_ROUTES.recording),
    [WEBHOOK_ROUTES.transcription]: route(WEBHOOK_ROUTES.transcription),
  });
}
