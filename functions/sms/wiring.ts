import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from '../../shared/adapters/dynamodb/dynamo-inbox';
import { DynamoJobBook } from '../../shared/adapters/dynamodb/dynamo-job-book';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoOptOutRetention } from '../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoSignupStore } from '../../shared/adapters/dynamodb/dynamo-signup-store';
import type { CachedCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import type { ConfigFor } from '../../shared/config';
import type { HandleInboundSmsDeps } from '../../shared/domain/inbound-sms/handle-inbound-sms';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { systemClock } from '../../shared/ports/clock';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import {
  documentClient,
  messageSender,
  serviceLogger,
  twilioCredentials,
  webhookChain,
  type WiringOptions,
} from '../../shared/wiring';

export const SMS_SETTINGS = FUNCTION_SETTINGS.sms;
export type SmsConfig = ConfigFor<(typeof SMS_SETTINGS)[number]>;
export type InboundSmsConfig = ConfigFor<(typeof FUNCTION_SETTINGS.smsRedelivery)[number]>;

export interface SmsWiring {
  chain: WebhookChainDeps;
  /** The inbound-SMS flows' ports; their metrics come per invocation from the chain. */
  inbound: Omit<HandleInboundSmsDeps, 'metrics'>;
}

/** The SMS function: job intake, owner replies and sign-up, with the pool for assigning numbers, and its redelivery queue. */
export function wireSms(config: SmsConfig, options: WiringOptions): SmsWiring {
  const logger = serviceLogger(options);
  const credentials = twilioCredentials(config.twilio, options);
  return {
    chain: webhookChain(config, credentials, logger, options, redeliveryQueue(config.redelivery, options)),
    inbound: wireInboundSms(config, { ...options, logger }, credentials),
  };
}

/** The inbound-SMS flows' ports: the SMS webhook's and its redelivery consumer's, the same. */
export function wireInboundSms(
  config: InboundSmsConfig,
  options: WiringOptions,
  credentials: CachedCredentials = twilioCredentials(config.twilio, options),
): Omit<HandleInboundSmsDeps, 'metrics'> {
  const db = documentClient(config.dynamodb, options);
  const { directoryTable } = config.directory;
  const { activityTable } = config.activity;
  return {
    onboardingNumber: config.numbers.onboardingNumber,
    rules: config.textBack,
    limits: config.sendLimits,
    budget: new DynamoSendBudget(db, activityTable),
    signupRules: config.signup,
    exchanges: new DynamoExchangeReader(db, directoryTable, activityTable),
    ledger: new DynamoBusinessLedger(db, activityTable),
    contacts: new DynamoContacts(db, activityTable),
    inbox: new DynamoInbox(db, activityTable),
    jobs: new DynamoJobBook(db, activityTable),
    callSettings: new DynamoNumberDirectory(db, directoryTable),
    signups: new DynamoSignupStore(db, activityTable),
    pool: new DynamoNumberPool(db, directoryTable),
    optOuts: new DynamoOptOutRetention(db, activityTable),
    sender: messageSender(config.twilio, credentials),
    sendQueue: redeliveryQueue(config.redelivery, options),
    logger: serviceLogger(options),
    clock: options.clock ?? systemClock,
  };
}
