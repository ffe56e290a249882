import { createSmsHandler, SMS_ROUTE } from '../functions/sms/create-handler';
import { wireSms } from '../functions/sms/wiring';
import { createStatusHandler, STATUS_ROUTE } from '../functions/status/create-handler';
import { wireStatus } from '../functions/status/wiring';
import { createVoiceHandler, VOICE_ROUTE } from '../functions/voice/create-handler';
import { wireVoice } from '../functions/voice/wiring';
import { createWaitingListHandler } from '../functions/waitlist/create-handler';
import { wireWaitingList } from '../functions/waitlist/wiring';
import type { ServiceConfig } from '../shared/config';
import type { WebhookHandler } from '../shared/http/webhook-types';
import type { WiringOptions } from '../shared/wiring';

export interface LocalFunctions {
  /** The three webhooks by route path. */
  webhooks: Record<typeof VOICE_ROUTE | typeof STATUS_ROUTE | typeof SMS_ROUTE, WebhookHandler>;
  serveWaitingList: ReturnType<typeof createWaitingListHandler>;
}

/**
 * Every function wired as it is deployed (each from its own wiring, with only its own settings), on one local
 * configuration: the local service and the tests run exactly the code Lambda runs.
 */
export function wireLocalFunctions(config: ServiceConfig, options: (service: string) => WiringOptions): LocalFunctions {
  return {
    webhooks: {
      [VOICE_ROUTE]: createVoiceHandler(wireVoice(config, options('voice'))),
      [STATUS_ROUTE]: createStatusHandler(wireStatus(config, options('status'))),
      [SMS_ROUTE]: createSmsHandler(wireSms(config, options('sms'))),
    },
    serveWaitingList: createWaitingListHandler(wireWaitingList(config, options('waitlist'))),
  };
}
