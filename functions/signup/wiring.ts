import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from '../../shared/adapters/dynamodb/dynamo-inbox';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoOptOutKeeper } from '../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoSignupConversations } from '../../shared/adapters/dynamodb/dynamo-signup-conversations';
import type { ConfigFor } from '../../shared/config';
import type { SignupDeps } from '../../shared/domain/signup/sign-up-owner';
import { SIGNUP_SECTIONS } from '../../shared/function-settings';
import type { Logger } from '../../shared/ports/logger';
import type { FlushableMetrics } from '../../shared/ports/metrics';
import { redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import { functionClients, metricsFactory, type WiringOptions } from '../../shared/wiring';

export const SIGNUP_SETTINGS = SIGNUP_SECTIONS;
export type SignupConfig = ConfigFor<(typeof SIGNUP_SETTINGS)[number]>;

export interface SignupWiring {
  logger: Logger;
  createMetrics: () => FlushableMetrics;
  /** The sign-up conversation's ports; metrics come per invocation. */
  signup: Omit<SignupDeps, 'metrics'>;
}

/**
 * The sign-up function: the conversation on the onboarding number, the pool for assigning numbers, and the SMS
 * route's redelivery queue, on which a reply Twilio failed to take is settled (the SMS consumer sends it), as when
 * sign-up ran inside the SMS function. No webhook chain: only the SMS function and its consumer invoke it.
 */
export function wireSignup(config: SignupConfig, options: WiringOptions): SignupWiring {
  const clients = functionClients(config, options);
  const { db } = clients;
  const { directoryTable } = config.directory;
  const { activityTable } = config.activity;
  return {
    logger: clients.logger,
    createMetrics: metricsFactory(config.metrics, options),
    signup: {
      onboardingNumber: config.numbers.onboardingNumber,
      signupRules: config.signup,
      exchanges: new DynamoExchangeReader(db, directoryTable, activityTable),
      ledger: new DynamoBusinessLedger(db, activityTable),
      contacts: new DynamoContacts(db, activityTable),
      inbox: new DynamoInbox(db, activityTable),
      signups: new DynamoSignupConversations(db, activityTable),
      pool: new DynamoNumberPool(db, directoryTable),
      optOuts: new DynamoOptOutKeeper(db, activityTable),
      sender: clients.sender,
      sendQueue: redeliveryQueue(config.redelivery, options),
      logger: clients.logger,
      clock: clients.clock,
    },
  };
}
