import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { twimlResponse } from '../../shared/http/responses';
import { routeByResource } from '../../shared/http/route-by-resource';
import type { WebhookHandler } from '../../shared/http/webhook-types';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { statusWorks, type StatusRoute } from './status-works';
import type { StatusWiring } from './wiring';

export const STATUS_ROUTE = WEBHOOK_ROUTES.status;

/**
 * POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here.
 * POST /twilio/status/recording and /twilio/status/transcription: a voicemail's callbacks.
 */
export function createStatusHandler(wiring: StatusWiring): WebhookHandler {
  const works = statusWorks(wiring);
  const route = (path: StatusRoute) =>
    twilioWebhook({ path, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
      await works[path](params, metrics);
      return twimlResponse(renderEmptyMessagingResponse());
    });
  return routeByResource({
    [STATUS_ROUTE]: route(STATUS_ROUTE),
    [WEBHOOK_ROUTES.recording]: route(WEBHOOK_ROUTES.recording),
    [WEBHOOK_ROUTES.transcription]: route(WEBHOOK_ROUTES.transcription),
  });
}
