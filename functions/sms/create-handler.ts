import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { handleInboundSms } from '../../shared/domain/inbound-sms/handle-inbound-sms';
import { queueUnfinishedSends } from '../../shared/domain/sending/queue-unfinished-sends';
import { twimlResponse } from '../../shared/http/responses';
import { mediaUrls, optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import type { WebhookWork } from '../../shared/redelivery/queue-consumer';
import type { SmsWiring } from './wiring';

export const SMS_ROUTE = '/twilio/sms';

/** POST /twilio/sms: an inbound text, handled by the role of the number texted. */
export function createSmsHandler(wiring: SmsWiring) {
  const work = finishInboundSms(wiring.inbound);
  return twilioWebhook({ path: SMS_ROUTE, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
    await work(params, metrics);
    return twimlResponse(renderEmptyMessagingResponse());
  });
}

/** The SMS webhook's work on its verified parameters: the webhook runs it, and so does its redelivery consumer. */
export function finishInboundSms(inbound: SmsWiring['inbound']): WebhookWork {
  return async (params, metrics) => {
    const sms = {
      messageSid: requireSid(params, 'MessageSid'),
      to: requireParam(params, 'To'),
      from: requireParam(params, 'From'),
      body: optionalParam(params, 'Body') ?? '',
      mediaUrls: mediaUrls(params),
    };
    return handleInboundSms(sms, queueUnfinishedSends({ ...inbound, metrics }));
  };
}
