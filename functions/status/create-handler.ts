import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import type { WebhookDependencies } from '../../shared/dependencies';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { twimlResponse } from '../../shared/http/responses';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';

export const STATUS_ROUTE = '/twilio/status';

/** POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here. */
export function createStatusHandler(deps: WebhookDependencies) {
  return twilioWebhook({ path: STATUS_ROUTE, kind: 'messaging' }, deps, async (params, metrics) => {
    const forwardedFrom = optionalParam(params, 'ForwardedFrom');
    const direction = optionalParam(params, 'Direction');
    const update = {
      callSid: requireSid(params, 'CallSid'),
      to: requireParam(params, 'To'),
      from: optionalParam(params, 'From') ?? '',
      callStatus: requireParam(params, 'CallStatus'),
      ...(direction ? { direction } : {}),
      ...(forwardedFrom ? { forwardedFrom } : {}),
    };
    await handleCallStatus(update, { ...deps, metrics });
    return twimlResponse(renderEmptyMessagingResponse());
  });
}
