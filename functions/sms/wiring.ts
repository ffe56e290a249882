import { DynamoSendLedger } from '../../shared/adapters/dynamodb/dynamo-send-ledger';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoBudgetTakes } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from '../../shared/adapters/dynamodb/dynamo-inbox';
import { DynamoTextJobs } from '../../shared/adapters/dynamodb/dynamo-text-jobs';
import { DynamoAfterJobBook } from '../../shared/adapters/dynamodb/dynamo-after-job-book';
import { DynamoCallSettings } from '../../shared/adapters/dynamodb/dynamo-call-settings';
import { TwilioCallPlacer } from '../../shared/adapters/twilio/twilio-call-placer';
import { LambdaSignupDesk } from '../../shared/adapters/lambda/lambda-signup-desk';
import type { ConfigFor } from '../../shared/config';
import type { HandleInboundSmsDeps } from '../../shared/domain/sms/handle-inbound-sms';
import { type SMS_REDELIVERY_SECTIONS, SMS_SECTIONS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { crmQueue, redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import type { JobEvents } from '../../shared/ports/job-events';
import {
  functionClients,
  webhookChain,
  type FunctionClients,
  type RetryingQueue,
  type WiringOptions,
} from '../../shared/wiring';

export const SMS_SETTINGS = SMS_SECTIONS;
export type SmsConfig = ConfigFor<(typeof SMS_SETTINGS)[number]>;
export type InboundSmsConfig = ConfigFor<(typeof SMS_REDELIVERY_SECTIONS)[number]>;

export interface SmsWiring {
  chain: WebhookChainDeps;
  inbound: InboundSmsPorts;
}

/** The inbound-SMS flows' ports, the same for the webhook and its redelivery consumer; metrics come per invocation. */
export type InboundSmsPorts = Omit<HandleInboundSmsDeps, 'metrics'>;

/**
 * The SMS function: job intake and owner replies, sign-up handed to the sign-up function, and its redelivery queue,
 * one client of each kind.
 */
export function wireSms(config: SmsConfig, options: WiringOptions): SmsWiring {
  const clients = functionClients(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return {
    chain: webhookChain(config, clients.credentials, clients.logger, options, queue),
    inbound: wireInboundSms(config, clients, queue, crmQueue(config.crmEvents, options), options),
  };
}

/**
 * The inbound-SMS flows' ports on the function's clients: the SMS webhook's and its redelivery consumer's, the same.
 * A text Twilio failed to take is settled onto `queue` (settleDelivery) by the use cases; job events of businesses
 * with a CRM webhook go to `jobEvents` (issue 19 §5).
 */
export function wireInboundSms(
  config: InboundSmsConfig,
  clients: FunctionClients,
  queue: RetryingQueue,
  jobEvents: JobEvents,
  options: Pick<WiringOptions, 'signupDesk'> = {},
): InboundSmsPorts {
  const { db } = clients;
  const { directoryTable } = config.directory;
  const { activityTable } = config.activity;
  return {
    onboardingNumber: config.numbers.onboardingNumber,
    rules: config.textBack,
    limits: config.sendLimits,
    budget: new DynamoBudgetTakes(db, activityTable),
    exchanges: new DynamoExchangeReader(db, directoryTable, activityTable),
    ledger: new DynamoSendLedger(db, activityTable),
    contacts: new DynamoContacts(db, activityTable),
    inbox: new DynamoInbox(db, activityTable),
    jobs: new DynamoTextJobs(db, activityTable),
    callSettings: new DynamoCallSettings(db, directoryTable),
    // Deployed: invoked on Lambda (its client loaded at the first onboarding text); locally, the handler in process.
    signupDesk: options.signupDesk ?? new LambdaSignupDesk(config.signupFunction.functionName),
    afterJob: new DynamoAfterJobBook(db, activityTable),
    sender: clients.sender,
    calls: new TwilioCallPlacer(clients.sender),
    dialBudgets: config.calls,
    sendQueue: queue,
    jobEvents,
    logger: clients.logger,
    clock: clients.clock,
  };
}
