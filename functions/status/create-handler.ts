import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { twimlResponse } from '../../shared/http/responses';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import type { StatusWiring } from './wiring';

export const STATUS_ROUTE = '/twilio/status';

/** POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here. */
export function createStatusHandler(wiring: StatusWiring) {
  return twilioWebhook({ path: STATUS_ROUTE, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
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
    await handleCallStatus(update, { ...wiring.missedCall, metrics });
    return twimlResponse(renderEmptyMessagingResponse());
  });
}
