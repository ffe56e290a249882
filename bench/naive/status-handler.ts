import twilio from 'twilio';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { STATUS_SETTINGS, wireStatus } from '../../functions/status/wiring';
import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { naiveWebhook, twilioClientSender } from './naive-webhook';

const { chain, missedCall: deps } = wireStatus(loadConfig(STATUS_SETTINGS), lambdaWiring('status'));
const sender = twilioClientSender(chain.credentials);

/** The status webhook written naively (see naive-webhook.ts). */
export const handler = naiveWebhook(chain, '/twilio/status', async (params, metrics) => {
  await handleCallStatus(
    {
      callSid: params.CallSid ?? '',
      to: params.To ?? '',
      from: params.From ?? '',
      callStatus: params.CallStatus ?? '',
      ...(params.Direction ? { direction: params.Direction } : {}),
    },
    { ...deps, sender, metrics },
  );
  return new twilio.twiml.MessagingResponse().toString();
});
