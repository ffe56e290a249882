import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoCallScreening } from '../../shared/adapters/dynamodb/dynamo-call-screening';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoJobBook } from '../../shared/adapters/dynamodb/dynamo-job-book';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoVoicemailLog } from '../../shared/adapters/dynamodb/dynamo-voicemail-log';
import type { CachedCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import type { ConfigFor } from '../../shared/config';
import type { HandleCallStatusDeps } from '../../shared/domain/calls/handle-call-status';
import type { DeliverVoicemailDeps } from '../../shared/domain/calls/take-voicemail';
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

export const STATUS_SETTINGS = FUNCTION_SETTINGS.status;
export type StatusConfig = ConfigFor<(typeof STATUS_SETTINGS)[number]>;
/** What the status routes' work reads: the webhook's settings but the public URL (its consumer signs nothing). */
export type CallStatusConfig = ConfigFor<(typeof FUNCTION_SETTINGS.statusRedelivery)[number]>;

export interface StatusWiring {
  chain: WebhookChainDeps;
  /** The missed-call flow's ports; its metrics come per invocation from the chain. */
  missedCall: Omit<HandleCallStatusDeps, 'metrics'>;
  /** The voicemail callbacks' ports. */
  voicemail: Omit<DeliverVoicemailDeps, 'metrics'>;
}

/** The status function: the missed-call flow, the voicemail callbacks, and its redelivery queue. */
export function wireStatus(config: StatusConfig, options: WiringOptions): StatusWiring {
  const logger = serviceLogger(options);
  const credentials = twilioCredentials(config.twilio, options);
  return {
    chain: webhookChain(config, credentials, logger, options, redeliveryQueue(config.redelivery, options)),
    ...wireCallStatus(config, { ...options, logger }, credentials),
  };
}

/** The status routes' ports: the status webhook's and its redelivery consumer's, the same. */
export function wireCallStatus(
  config: CallStatusConfig,
  options: WiringOptions,
  credentials: CachedCredentials = twilioCredentials(config.twilio, options),
): Pick<StatusWiring, 'missedCall' | 'voicemail'> {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const { activityTable } = config.activity;
  const exchanges = new DynamoExchangeReader(db, config.directory.directoryTable, activityTable);
  const ledger = new DynamoBusinessLedger(db, activityTable);
  const contacts = new DynamoContacts(db, activityTable);
  const sender = messageSender(config.twilio, credentials);
  const budget = new DynamoSendBudget(db, activityTable);
  const clock = options.clock ?? systemClock;
  const { onboardingNumber } = config.numbers;
  const sendQueue = redeliveryQueue(config.redelivery, options);
  return {
    missedCall: {
      onboardingNumber,
      rules: config.textBack,
      limits: config.sendLimits,
      budget,
      exchanges,
      ledger,
      calls: new DynamoCallLog(db, activityTable),
      screening: new DynamoCallScreening(db, activityTable),
      contacts,
      sender,
      sendQueue,
      logger,
      clock,
    },
    voicemail: {
      onboardingNumber,
      rules: config.textBack,
      limits: config.sendLimits,
      budget,
      recordingsPublic: config.calls.recordingsPublic,
      exchanges,
      ledger,
      jobs: new DynamoJobBook(db, activityTable),
      voicemails: new DynamoVoicemailLog(db, activityTable),
      contacts,
      sender,
      sendQueue,
      logger,
      clock,
    },
  };
}
