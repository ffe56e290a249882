import { handleInboundSms } from '../../shared/domain/sms/handle-inbound-sms';
import type { IncomingSms } from '../../shared/domain/sms/inbound-message';
import { mediaUrls, optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import type { WebhookParams } from '../../shared/http/webhook-types';
import type { WebhookWork } from '../../shared/redelivery/queue-consumer';
import type { InboundSmsPorts } from './wiring';

/** WEBHOOK_ROUTES.sms, spelled out: the route table would add 0.4 kB to the SMS bundles for this one path. */
export const SMS_ROUTE = '/twilio/sms';

/**
 * The SMS route's work on its verified parameters: the text read into the use case's input, and the use case. The
 * webhook runs it (create-handler.ts), and so does its redelivery consumer (redelivery.ts), which never loads the
 * webhook's HTTP edge (middy, the signature check).
 */
export function smsWorks(inbound: InboundSmsPorts): Record<typeof SMS_ROUTE, WebhookWork> {
  return {
    [SMS_ROUTE]: (params, metrics) => handleInboundSms(incomingSms(params), { ...inbound, metrics }),
  };
}

/** An inbound text (POST /twilio/sms). */
export function incomingSms(params: WebhookParams): IncomingSms {
  return {
    messageSid: requireSid(params, 'MessageSid'),
    to: requireParam(params, 'To'),
    from: requireParam(params, 'From'),
    body: optionalParam(params, 'Body') ?? '',
    mediaUrls: mediaUrls(params),
  };
}
