import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoCallScreening } from '../../shared/adapters/dynamodb/dynamo-call-screening';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoJobBook } from '../../shared/adapters/dynamodb/dynamo-job-book';
import { DynamoVoicemailLog } from '../../shared/adapters/dynamodb/dynamo-voicemail-log';
import { TwilioMessageSender } from '../../shared/adapters/twilio/twilio-message-sender';
import type { ConfigFor } from '../../shared/config';
import type { HandleCallStatusDeps } from '../../shared/domain/calls/handle-call-status';
import type { DeliverVoicemailDeps } from '../../shared/domain/calls/take-voicemail';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { systemClock } from '../../shared/ports/clock';
import { documentClient, serviceLogger, twilioCredentials, webhookChain, type WiringOptions } from '../../shared/wiring';

export const STATUS_SETTINGS = FUNCTION_SETTINGS.status;
export type StatusConfig = ConfigFor<(typeof STATUS_SETTINGS)[number]>;

export interface StatusWiring {
  chain: WebhookChainDeps;
  /** The missed-call flow's ports; its metrics come per invocation from the chain. */
  missedCall: Omit<HandleCallStatusDeps, 'metrics'>;
  /** The voicemail callbacks' ports (issue 12). */
  voicemail: Omit<DeliverVoicemailDeps, 'metrics'>;
}

/** The status function: the exchange read, the ledger claim, the call record, and the sender for its two texts. */
export function wireStatus(config: StatusConfig, options: WiringOptions): StatusWiring {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const credentials = twilioCredentials(config.twilio, options);
  const { activityTable } = config.activity;
  const exchanges = new DynamoExchangeReader(db, config.directory.directoryTable, activityTable);
  const ledger = new DynamoBusinessLedger(db, activityTable);
  const contacts = new DynamoContacts(db, activityTable);
  const sender = new TwilioMessageSender(credentials, config.twilio.apiBaseUrl);
  const clock = options.clock ?? systemClock;
  const { onboardingNumber } = config.numbers;
  return {
    chain: webhookChain(config, credentials, logger, options),
    missedCall: {
      onboardingNumber,
      rules: config.textBack,
      exchanges,
      ledger,
      calls: new DynamoCallLog(db, activityTable),
      screening: new DynamoCallScreening(db, activityTable),
      contacts,
      sender,
      logger,
      clock,
    },
    voicemail: {
      onboardingNumber,
      rules: config.textBack,
      recordingsPublic: config.calls.recordingsPublic,
      exchanges,
      ledger,
      jobs: new DynamoJobBook(db, activityTable),
      voicemails: new DynamoVoicemailLog(db, activityTable),
      contacts,
      sender,
      logger,
      clock,
    },
  };
}
