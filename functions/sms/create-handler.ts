import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import type { WebhookDependencies } from '../../shared/dependencies';
import { handleInboundSms } from '../../shared/domain/inbound-sms/handle-inbound-sms';
import { twimlResponse } from '../../shared/http/responses';
import { mediaUrls, optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';

export const SMS_ROUTE = '/twilio/sms';

/** POST /twilio/sms: an inbound text, handled by the role of the number texted. */
export function createSmsHandler(deps: WebhookDependencies) {
  return twilioWebhook({ path: SMS_ROUTE, kind: 'messaging' }, deps, async (params, metrics) => {
    const sms = {
      messageSid: requireSid(params, 'MessageSid'),
      to: requireParam(params, 'To'),
      from: requireParam(params, 'From'),
      body: optionalParam(params, 'Body') ?? '',
      mediaUrls: mediaUrls(params),
    };
    await handleInboundSms(sms, { ...deps, metrics });
    return twimlResponse(renderEmptyMessagingResponse());
  });
}
