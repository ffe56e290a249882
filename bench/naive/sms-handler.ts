import twilio from 'twilio';
import { handleInboundSms } from '../../shared/domain/sms/handle-inbound-sms';
import { SMS_SETTINGS, wireSms } from '../../functions/sms/wiring';
import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { naiveWebhook, twilioClientSender } from './naive-webhook';

const { chain, inbound: deps } = wireSms(loadConfig(SMS_SETTINGS), lambdaWiring('sms'));
const sender = twilioClientSender(chain.credentials);

/** The sms webhook written naively (see naive-webhook.ts). */
export const handler = naiveWebhook(chain, '/twilio/sms', async (params, metrics) => {
  await handleInboundSms(
    {
      messageSid: params.MessageSid ?? '',
      to: params.To ?? '',
      from: params.From ?? '',
      body: params.Body ?? '',
      mediaUrls: [],
    },
    { ...deps, sender, metrics },
  );
  return new twilio.twiml.MessagingResponse().toString();
});
