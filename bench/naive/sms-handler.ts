import twilio from 'twilio';
import { handleInboundSms } from '../../shared/domain/inbound-sms/handle-inbound-sms';
import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { naiveWebhook, twilioClientSender } from './naive-webhook';

const deps = createLambdaDependencies('sms');
const sender = twilioClientSender(deps);

/** The sms webhook written naively (see naive-webhook.ts). */
export const handler = naiveWebhook(deps, '/twilio/sms', async (params, metrics) => {
  await handleInboundSms({ messageSid: params.MessageSid ?? '', to: params.To ?? '', from: params.From ?? '', body: params.Body ?? '', mediaUrls: [] }, { ...deps, sender, metrics });
  return new twilio.twiml.MessagingResponse().toString();
});
