import twilio from 'twilio';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { naiveWebhook, twilioClientSender } from './naive-webhook';

const deps = createLambdaDependencies('status');
const sender = twilioClientSender(deps);

/** The status webhook written naively (see naive-webhook.ts). */
export const handler = naiveWebhook(deps, '/twilio/status', async (params, metrics) => {
  await handleCallStatus(
    { callSid: params.CallSid ?? '', to: params.To ?? '', from: params.From ?? '', callStatus: params.CallStatus ?? '', ...(params.Direction ? { direction: params.Direction } : {}) },
    { ...deps, sender, metrics },
  );
  return new twilio.twiml.MessagingResponse().toString();
});
