import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import type { ConfigFor } from '../../shared/config';
import type { HandleCallStatusDeps } from '../../shared/domain/calls/handle-call-status';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { systemClock } from '../../shared/ports/clock';
import { documentClient, messageSender, serviceLogger, twilioCredentials, webhookChain, type WiringOptions } from '../../shared/wiring';

export const STATUS_SETTINGS = FUNCTION_SETTINGS.status;
export type StatusConfig = ConfigFor<(typeof STATUS_SETTINGS)[number]>;

export interface StatusWiring {
  chain: WebhookChainDeps;
  /** The missed-call flow's ports; its metrics come per invocation from the chain. */
  missedCall: Omit<HandleCallStatusDeps, 'metrics'>;
}

/** The status function: the exchange read, the ledger claim, the call record, and the sender for its two texts. */
export function wireStatus(config: StatusConfig, options: WiringOptions): StatusWiring {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const credentials = twilioCredentials(config.twilio, options);
  const { activityTable } = config.activity;
  return {
    chain: webhookChain(config, credentials, logger, options),
    missedCall: {
      onboardingNumber: config.numbers.onboardingNumber,
      rules: config.textBack,
      limits: config.sendLimits,
      budget: new DynamoSendBudget(db, activityTable),
      exchanges: new DynamoExchangeReader(db, config.directory.directoryTable, activityTable),
      ledger: new DynamoBusinessLedger(db, activityTable),
      calls: new DynamoCallLog(db, activityTable),
      contacts: new DynamoContacts(db, activityTable),
      sender: messageSender(config.twilio, credentials),
      logger,
      clock: options.clock ?? systemClock,
    },
  };
}
