import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import type { CachedCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import { TwilioMessageSender } from '../../shared/adapters/twilio/twilio-message-sender';
import type { ConfigFor } from '../../shared/config';
import type { HandleCallStatusDeps } from '../../shared/domain/calls/handle-call-status';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { systemClock } from '../../shared/ports/clock';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { documentClient, serviceLogger, twilioCredentials, webhookChain, type WiringOptions } from '../../shared/wiring';

export const STATUS_SETTINGS = FUNCTION_SETTINGS.status;
export type StatusConfig = ConfigFor<(typeof STATUS_SETTINGS)[number]>;
export type MissedCallConfig = ConfigFor<(typeof FUNCTION_SETTINGS.statusRedelivery)[number]>;

export interface StatusWiring {
  chain: WebhookChainDeps;
  /** The missed-call flow's ports; its metrics come per invocation from the chain. */
  missedCall: Omit<HandleCallStatusDeps, 'metrics'>;
}

/** The status function: the exchange read, the ledger claim, the call record, the sender, and its redelivery queue. */
export function wireStatus(config: StatusConfig, options: WiringOptions): StatusWiring {
  const logger = serviceLogger(options);
  const credentials = twilioCredentials(config.twilio, options);
  return {
    chain: webhookChain(config, credentials, logger, options, redeliveryQueue(config.redelivery, options)),
    missedCall: wireMissedCall(config, { ...options, logger }, credentials),
  };
}

/** The missed-call flow's ports: the status webhook's and its redelivery consumer's, the same. */
export function wireMissedCall(
  config: MissedCallConfig,
  options: WiringOptions,
  credentials: CachedCredentials = twilioCredentials(config.twilio, options),
): Omit<HandleCallStatusDeps, 'metrics'> {
  const db = documentClient(config.dynamodb, options);
  const { activityTable } = config.activity;
  return {
    onboardingNumber: config.numbers.onboardingNumber,
    rules: config.textBack,
    exchanges: new DynamoExchangeReader(db, config.directory.directoryTable, activityTable),
    ledger: new DynamoBusinessLedger(db, activityTable),
    calls: new DynamoCallLog(db, activityTable),
    contacts: new DynamoContacts(db, activityTable),
    sender: new TwilioMessageSender(credentials, config.twilio.apiBaseUrl),
    logger: serviceLogger(options),
    clock: options.clock ?? systemClock,
  };
}
