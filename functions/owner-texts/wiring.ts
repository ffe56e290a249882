import { DynamoBusinessWeek } from '../../shared/adapters/dynamodb/dynamo-business-week';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoOwnerTextQueue } from '../../shared/adapters/dynamodb/dynamo-owner-text-queue';
import { DynamoSendLedger } from '../../shared/adapters/dynamodb/dynamo-send-ledger';
import { DynamoBudgetTakes } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import type { ConfigFor } from '../../shared/config';
import type { OwnerTextsDeps } from '../../shared/domain/after-job/owner-texts-run';
import type { OWNER_TEXTS_SECTIONS } from '../../shared/function-settings';
import { systemClock } from '../../shared/ports/clock';
import type { Logger } from '../../shared/ports/logger';
import type { FlushableMetrics } from '../../shared/ports/metrics';
import {
  documentClient,
  messageSender,
  metricsFactory,
  serviceLogger,
  twilioCredentials,
  type WiringOptions,
} from '../../shared/wiring';

export type OwnerTextsConfig = ConfigFor<(typeof OWNER_TEXTS_SECTIONS)[number]>;

export interface OwnerTextsWiring {
  logger: Logger;
  createMetrics: () => FlushableMetrics;
  ports: Omit<OwnerTextsDeps, 'metrics'>;
}

/** The scheduled owner-texts job: its queue, the directory read, the week's figures, the cap, the sender and its log. */
export function wireOwnerTexts(config: OwnerTextsConfig, options: WiringOptions): OwnerTextsWiring {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const { activityTable } = config.activity;
  const queue = new DynamoOwnerTextQueue(db, activityTable);
  // One adapter sends and, for a text whose answer was lost, lists Twilio's messages to find it.
  const sender = messageSender(config.twilio, twilioCredentials(config.twilio, options));
  return {
    logger,
    createMetrics: metricsFactory(config.metrics, options),
    ports: {
      onboardingNumber: config.numbers.onboardingNumber,
      queue,
      markers: queue,
      directory: new DynamoNumberDirectory(db, config.directory.directoryTable),
      week: new DynamoBusinessWeek(db, activityTable),
      budget: new DynamoBudgetTakes(db, activityTable),
      ledger: new DynamoSendLedger(db, activityTable),
      rules: { dailySmsCap: config.textBack.dailySmsCap },
      limits: config.sendLimits,
      ownerTexts: config.ownerTexts,
      contacts: new DynamoContacts(db, activityTable),
      sender,
      sentLog: sender,
      logger,
      clock: options.clock ?? systemClock,
    },
  };
}
