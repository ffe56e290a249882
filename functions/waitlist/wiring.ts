import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoRestingNumbers } from '../../shared/adapters/dynamodb/dynamo-resting-numbers';
import { DynamoOptOutRetention } from '../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoSignupStore } from '../../shared/adapters/dynamodb/dynamo-signup-store';
import type { ConfigFor } from '../../shared/config';
import type { ServeWaitingListDeps } from '../../shared/domain/signup/serve-waiting-list';
import { WAITLIST_SECTIONS } from '../../shared/function-settings';
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

export const WAITING_LIST_SETTINGS = WAITLIST_SECTIONS;
export type WaitingListConfig = ConfigFor<(typeof WAITING_LIST_SETTINGS)[number]>;

export interface WaitingListWiring {
  logger: Logger;
  createMetrics: () => FlushableMetrics;
  /** The job's ports: sign-ups, the pool, and the sender (and its message log) for "your number is ready". */
  serve: Omit<ServeWaitingListDeps, 'metrics'>;
}

/** The scheduled waiting-list job: no webhook chain, no SMS flow, only what assigning numbers needs. */
export function wireWaitingList(config: WaitingListConfig, options: WiringOptions): WaitingListWiring {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const { activityTable } = config.activity;
  // One adapter sends and, for a number text whose answer was lost, lists Twilio's messages to find it.
  const sender = messageSender(config.twilio, twilioCredentials(config.twilio, options));
  return {
    logger,
    createMetrics: metricsFactory(config.metrics, options),
    serve: {
      onboardingNumber: config.numbers.onboardingNumber,
      signupRules: config.signup,
      signups: new DynamoSignupStore(db, activityTable),
      pool: new DynamoNumberPool(db, config.directory.directoryTable),
      restingNumbers: new DynamoRestingNumbers(db, config.directory.directoryTable),
      optOuts: new DynamoOptOutRetention(db, activityTable),
      contacts: new DynamoContacts(db, activityTable),
      sender,
      sentLog: sender,
      logger,
      clock: options.clock ?? systemClock,
    },
  };
}
