import { DynamoSendLedger } from '../../shared/adapters/dynamodb/dynamo-send-ledger';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoBudgetTakes } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from '../../shared/adapters/dynamodb/dynamo-inbox';
import { DynamoTextJobs } from '../../shared/adapters/dynamodb/dynamo-text-jobs';
import { DynamoAfterJobBook } from '../../shared/adapters/dynamodb/dynamo-after-job-book';
import { DynamoCallSettings } from '../../shared/adapters/dynamodb/dynamo-call-settings';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoOptOutKeeper } from '../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoSignupConversations } from '../../shared/adapters/dynamodb/dynamo-signup-conversations';
import type { ConfigFor } from '../../shared/config';
import type { HandleInboundSmsDeps } from '../../shared/domain/sms/handle-inbound-sms';
import { type SMS_REDELIVERY_SECTIONS, SMS_SECTIONS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
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
 * The SMS function: job intake, owner replies and sign-up, with the pool for assigning numbers, and its redelivery
 * queue, one client of each kind.
 */
export function wireSms(config: SmsConfig, options: WiringOptions): SmsWiring {
  const clients = functionClients(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return {
    chain: webhookChain(config, clients.credentials, clients.logger, options, queue),
    inbound: wireInboundSms(config, clients, queue),
  };
}

/**
 * The inbound-SMS flows' ports on the function's clients: the SMS webhook's and its redelivery consumer's, the same.
 * A text Twilio failed to take is settled onto `queue` (settleDelivery) by the use cases.
 */
export function wireInboundSms(
  config: InboundSmsConfig,
  clients: FunctionClients,
  queue: RetryingQueue,
): InboundSmsPorts {
  const { db } = clients;
  const { directoryTable } = config.directory;
  const { activityTable } = config.activity;
  return {
    onboardingNumber: config.numbers.onboardingNumber,
    rules: config.textBack,
    limits: config.sendLimits,
    budget: new DynamoBudgetTakes(db, activityTable),
    signupRules: config.signup,
    exchanges: new DynamoExchangeReader(db, directoryTable, activityTable),
    ledger: new DynamoSendLedger(db, activityTable),
    contacts: new DynamoContacts(db, activityTable),
    inbox: new DynamoInbox(db, activityTable),
    jobs: new DynamoTextJobs(db, activityTable),
    callSettings: new DynamoCallSettings(db, directoryTable),
    afterJob: new DynamoAfterJobBook(db, activityTable),
    signups: new DynamoSignupConversations(db, activityTable),
    pool: new DynamoNumberPool(db, directoryTable),
    optOuts: new DynamoOptOutKeeper(db, activityTable),
    sender: clients.sender,
    sendQueue: queue,
    logger: clients.logger,
    clock: clients.clock,
  };
}
