import { createSmsHandler, SMS_ROUTE } from '../functions/sms/create-handler';
import { createSmsRedelivery } from '../functions/sms/redelivery';
import { wireSms } from '../functions/sms/wiring';
import { createSignupHandler, type SignupHandler } from '../functions/signup/create-handler';
import { wireSignup } from '../functions/signup/wiring';
import { createStatusHandler, STATUS_ROUTE } from '../functions/status/create-handler';
import { createStatusRedelivery } from '../functions/status/redelivery';
import { wireStatus } from '../functions/status/wiring';
import { createCrmConsumer } from '../functions/crm/create-handler';
import { CRM_MAX_ATTEMPTS, wireCrm, type CrmWiringOptions } from '../functions/crm/wiring';
import { createOwnerTextsHandler } from '../functions/owner-texts/create-handler';
import { wireOwnerTexts } from '../functions/owner-texts/wiring';
import { createVoiceHandler, VOICE_ROUTE } from '../functions/voice/create-handler';
import { wireVoice } from '../functions/voice/wiring';
import { createWaitingListHandler } from '../functions/waitlist/create-handler';
import { wireWaitingList } from '../functions/waitlist/wiring';
import type { ServiceConfig } from '../shared/config';
import type { WebhookHandler } from '../shared/http/webhook-types';
import type { WiringOptions } from '../shared/wiring';
import { ROUTES_BY_FUNCTION, type WebhookPath } from '../shared/webhook-routes';
import { InProcessQueue } from './in-process-queue';
import { InProcessSignupDesk } from './in-process-signup-desk';

export interface LocalFunctions {
  /** The three webhooks by route path, and the callbacks each answers (issue 12: Dial action, screening, recordings). */
  webhooks: Record<typeof VOICE_ROUTE | typeof STATUS_ROUTE | typeof SMS_ROUTE, WebhookHandler> &
    Partial<Record<WebhookPath, WebhookHandler>>;
  serveWaitingList: ReturnType<typeof createWaitingListHandler>;
  /** The sign-up function, as the SMS function and its consumer invoke it (in process here). */
  signup: SignupHandler;
  /** Issue 19: the owner-texts job's run (held review requests and Monday digests that are due). */
  sendOwnerTexts: ReturnType<typeof createOwnerTextsHandler>;
  /** The status and SMS redelivery queues (in process, standing in for SQS) and their consumers. */
  redelivery: {
    queues: Record<typeof STATUS_ROUTE | typeof SMS_ROUTE, InProcessQueue>;
    /** Runs each queue's consumer on what is visible now; resolves to how many messages were delivered. */
    drain(): Promise<number>;
  };
  /** Issue 19 §5: the CRM queue (in process) and its consumer, the crm function; drained with the redelivery queues. */
  crm: { queue: InProcessQueue; drain(): Promise<number> };
}

/** What only the local service and tests give the CRM function: the local receiver, a resolver, a retry delay. */
export type LocalCrmOptions = Pick<CrmWiringOptions, 'localReceiver' | 'crmEndpoint' | 'crmBaseDelaySeconds'>;

/** Attempts before a queued webhook is dead-lettered, as the stack's redrive policy. */
export const REDELIVERY_MAX_RECEIVE_COUNT = 6;

/**
 * Every function wired as it is deployed (each from its own wiring, with only its own settings), on one local
 * configuration: the local service and the tests run exactly the code Lambda runs.
 */
export function wireLocalFunctions(
  config: ServiceConfig,
  options: (service: string) => WiringOptions,
  crmOptions: LocalCrmOptions = {},
): LocalFunctions {
  const clock = options('redelivery').clock;
  const queue = (maxReceiveCount = REDELIVERY_MAX_RECEIVE_COUNT) =>
    new InProcessQueue({
      maxReceiveCount,
      visibilityTimeoutMs: config.redelivery.baseDelaySeconds * 1000,
      ...(clock ? { now: () => clock.now().getTime() } : {}),
    });
  const queues = { [STATUS_ROUTE]: queue(), [SMS_ROUTE]: queue() };
  const crmQueue = queue(CRM_MAX_ATTEMPTS);
  const withQueue = (service: string, route: keyof typeof queues): WiringOptions => ({
    ...options(service),
    redeliveryQueue: queues[route],
    crmQueue,
  });
  const deliverToCrm = createCrmConsumer(
    wireCrm(config, {
      ...options('crm'),
      crmQueue,
      crmBaseDelaySeconds: config.redelivery.baseDelaySeconds,
      ...crmOptions,
    }),
  );
  // The sign-up function settles its replies on the SMS queue; the SMS function and its consumer invoke it.
  const signup = createSignupHandler(wireSignup(config, withQueue('signup', SMS_ROUTE)));
  const withSignup = (service: string): WiringOptions => ({
    ...withQueue(service, SMS_ROUTE),
    signupDesk: new InProcessSignupDesk(signup),
  });
  const consumers = {
    [STATUS_ROUTE]: createStatusRedelivery(config, withQueue('status-redelivery', STATUS_ROUTE)),
    [SMS_ROUTE]: createSmsRedelivery(config, withSignup('sms-redelivery')),
  };
  const voice = createVoiceHandler(wireVoice(config, options('voice')));
  const status = createStatusHandler(wireStatus(config, withQueue('status', STATUS_ROUTE)));
  const sms = createSmsHandler(wireSms(config, withSignup('sms')));
  const byFunction = { voice, status, sms };
  const callbacks = Object.fromEntries(
    (Object.keys(ROUTES_BY_FUNCTION) as Array<keyof typeof ROUTES_BY_FUNCTION>).flatMap((fn) =>
      ROUTES_BY_FUNCTION[fn].map((route) => [route, byFunction[fn]]),
    ),
  ) as Partial<Record<WebhookPath, WebhookHandler>>;
  return {
    webhooks: { ...callbacks, [VOICE_ROUTE]: voice, [STATUS_ROUTE]: status, [SMS_ROUTE]: sms },
    serveWaitingList: createWaitingListHandler(wireWaitingList(config, options('waitlist'))),
    signup,
    sendOwnerTexts: createOwnerTextsHandler(wireOwnerTexts(config, options('owner-texts'))),
    redelivery: {
      queues,
      drain: async () =>
        (await queues[STATUS_ROUTE].drain(consumers[STATUS_ROUTE])) +
        (await queues[SMS_ROUTE].drain(consumers[SMS_ROUTE])) +
        (await crmQueue.drain(deliverToCrm)),
    },
    crm: { queue: crmQueue, drain: () => crmQueue.drain(deliverToCrm) },
  };
}
