import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './adapters/dynamodb/document-client';
import { DynamoBusinessLedger } from './adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from './adapters/dynamodb/dynamo-call-log';
import { DynamoContacts } from './adapters/dynamodb/dynamo-contacts';
import { DynamoExchangeReader } from './adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from './adapters/dynamodb/dynamo-inbox';
import { DynamoJobBook } from './adapters/dynamodb/dynamo-job-book';
import { DynamoNumberDirectory } from './adapters/dynamodb/dynamo-number-directory';
import { DynamoNumberPool } from './adapters/dynamodb/dynamo-number-pool';
import { DynamoSignupStore } from './adapters/dynamodb/dynamo-signup-store';
import { JsonLogger } from './adapters/logging/json-logger';
import { createEmfMetrics, type EmfWriter, type FlushableMetrics } from './adapters/metrics/emf-metrics';
import { cachedCredentials, type CachedCredentials, type TwilioCredentialsProvider } from './adapters/twilio/twilio-credentials';
import { TwilioMessageSender } from './adapters/twilio/twilio-message-sender';
import type { Config } from './config';
import type { NumberRoleInfo } from './domain/numbers/number-role';
import type { E164 } from './domain/numbers/phone-number';
import { resolveNumberRole } from './domain/numbers/resolve-number-role';
import type { TextBackRules } from './domain/calls/text-back-policy';
import type { BusinessLedger } from './ports/business-ledger';
import type { CallLog } from './ports/call-log';
import { systemClock, type Clock } from './ports/clock';
import type { Contacts } from './ports/contacts';
import type { ExchangeReader } from './ports/exchange-reader';
import type { Inbox } from './ports/inbox';
import type { JobBook } from './ports/job-book';
import type { Logger } from './ports/logger';
import type { MessageSender } from './ports/message-sender';
import type { NumberPool } from './ports/number-pool';
import type { SignupStore } from './ports/signup-store';

/** Everything a webhook needs, built once per cold start. */
export interface WebhookDependencies {
  publicBaseUrl: string;
  onboardingNumber: E164;
  rules: TextBackRules;
  credentials: CachedCredentials;
  /** One directory read: the voice webhook's only DynamoDB call. */
  resolveRole: (phone: string) => Promise<NumberRoleInfo>;
  exchanges: ExchangeReader;
  ledger: BusinessLedger;
  calls: CallLog;
  contacts: Contacts;
  inbox: Inbox;
  jobs: JobBook;
  signups: SignupStore;
  pool: NumberPool;
  sender: MessageSender;
  logger: Logger;
  clock: Clock;
  /** Metrics for one invocation; the middleware flushes them. */
  createMetrics: () => FlushableMetrics;
}

export interface DependencyOptions {
  service: string;
  db?: DynamoDBDocumentClient;
  emfWriter?: EmfWriter;
  logger?: Logger;
  clock?: Clock;
  /** How to fetch Twilio credentials kept in a secret; only the deployed functions need one. */
  fetchSecretCredentials?: (secretId: string) => ReturnType<TwilioCredentialsProvider>;
}

/** The one place adapters are wired to ports. */
export function createDependencies(config: Config, options: DependencyOptions): WebhookDependencies {
  const db = options.db ?? createDocumentClient(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {});
  const logger = options.logger ?? new JsonLogger(options.service);
  const directory = new DynamoNumberDirectory(db, config.directoryTable);
  const source = config.twilioCredentials;
  const credentials = cachedCredentials(async () => {
    if (source.kind === 'environment') return { accountSid: source.accountSid, authToken: source.authToken };
    if (!options.fetchSecretCredentials) throw new Error('Twilio credentials are in a secret but no secret reader was wired');
    return options.fetchSecretCredentials(source.secretId);
  });

  return {
    publicBaseUrl: config.publicBaseUrl,
    onboardingNumber: config.onboardingNumber,
    rules: { cooldownMinutes: config.textBackCooldownMinutes, dailySmsCap: config.dailySmsCap },
    credentials,
    resolveRole: (phone) => resolveNumberRole(phone, { directory, onboardingNumber: config.onboardingNumber, logger }),
    exchanges: new DynamoExchangeReader(db, config.directoryTable, config.activityTable),
    ledger: new DynamoBusinessLedger(db, config.activityTable),
    calls: new DynamoCallLog(db, config.activityTable),
    contacts: new DynamoContacts(db, config.activityTable),
    inbox: new DynamoInbox(db, config.activityTable),
    jobs: new DynamoJobBook(db, config.activityTable),
    signups: new DynamoSignupStore(db, config.activityTable),
    pool: new DynamoNumberPool(db, config.directoryTable),
    sender: new TwilioMessageSender(credentials, config.twilioApiBaseUrl),
    logger,
    clock: options.clock ?? systemClock,
    createMetrics: () => createEmfMetrics(config.metricsNamespace, options.emfWriter),
  };
}
