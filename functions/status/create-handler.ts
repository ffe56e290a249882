import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { twimlResponse } from '../../shared/http/responses';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import type { WebhookWork } from '../../shared/redelivery/queue-consumer';
import type { StatusWiring } from './wiring';

export const STATUS_ROUTE = '/twilio/status';

/** POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here. */
export function createStatusHandler(wiring: StatusWiring) {
  const work = finishCallStatus(wiring.missedCall);
  return twilioWebhook({ path: STATUS_ROUTE, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
    await work(params, metrics);
    return twimlResponse(renderEmptyMessagingResponse());
  });
}

/** The status callback's work on its verified parameters: the webhook runs it, and so does its redelivery consumer. */
export function finishCallStatus(missedCall: StatusWiring['missedCall']): WebhookWork {
  return async (params, metrics) => {
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
    return handleCallStatus(update, { ...missedCall, metrics });
  };
}
