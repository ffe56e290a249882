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
import { ROUTES_BY_FUNCTION, type WebhookRoute } from '../shared/webhook-routes';

export interface LocalFunctions {
  /** The three webhooks by route path, and the callbacks each answers (issue 12: Dial action, screening, recordings). */
  webhooks: Record<typeof VOICE_ROUTE | typeof STATUS_ROUTE | typeof SMS_ROUTE, WebhookHandler> & Partial<Record<WebhookRoute, WebhookHandler>>;
  serveWaitingList: ReturnType<typeof createWaitingListHandler>;
}

/**
 * Every function wired as it is deployed (each from its own wiring, with only its own settings), on one local
 * configuration: the local service and the tests run exactly the code Lambda runs.
 */
export function wireLocalFunctions(config: ServiceConfig, options: (service: string) => WiringOptions): LocalFunctions {
  const voice = createVoiceHandler(wireVoice(config, options('voice')));
  const status = createStatusHandler(wireStatus(config, options('status')));
  const sms = createSmsHandler(wireSms(config, options('sms')));
  const byFunction = { voice, status, sms };
  const callbacks = Object.fromEntries(
    (Object.keys(ROUTES_BY_FUNCTION) as Array<keyof typeof ROUTES_BY_FUNCTION>).flatMap((fn) => ROUTES_BY_FUNCTION[fn].map((route) => [route, byFunction[fn]])),
  ) as Partial<Record<WebhookRoute, WebhookHandler>>;
  return {
    webhooks: { ...callbacks, [VOICE_ROUTE]: voice, [STATUS_ROUTE]: status, [SMS_ROUTE]: sms },
    serveWaitingList: createWaitingListHandler(wireWaitingList(config, options('waitlist'))),
  };
}
