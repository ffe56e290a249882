import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { twimlResponse } from '../../shared/http/responses';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import { SMS_ROUTE, smsWorks } from './sms-works';
import type { SmsWiring } from './wiring';

export { SMS_ROUTE };

/** POST /twilio/sms: an inbound text, handled by the role of the number texted. */
export function createSmsHandler(wiring: SmsWiring) {
  const work = smsWorks(wiring.inbound)[SMS_ROUTE];
  return twilioWebhook({ path: SMS_ROUTE, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
    await work(params, metrics);
    return twimlResponse(renderEmptyMessagingResponse());
  });
}
