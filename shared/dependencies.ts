import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './adapters/dynamodb/document-client';
import { DynamoCallLog } from './adapters/dynamodb/dynamo-call-log';
import { DynamoInbox } from './adapters/dynamodb/dynamo-inbox';
import { DynamoNumberDirectory } from './adapters/dynamodb/dynamo-number-directory';
import { DynamoSignupStore } from './adapters/dynamodb/dynamo-signup-store';
import { JsonLogger } from './adapters/logging/json-logger';
import { createEmfMetrics, type EmfWriter, type FlushableMetrics } from './adapters/metrics/emf-metrics';
import { cachedCredentials, type TwilioCredentialsProvider } from './adapters/twilio/twilio-credentials';
import { TwilioMessageSender } from './adapters/twilio/twilio-message-sender';
import type { Config } from './config';
import type { NumberRoleInfo } from './domain/number-role';
import { resolveNumberRole } from './domain/resolve-number-role';
import type { CallLog } from './ports/call-log';
import { systemClock, type Clock } from './ports/clock';
import type { Inbox } from './ports/inbox';
import type { Logger } from './ports/logger';
import type { MessageSender } from './ports/message-sender';
import type { SignupStore } from './ports/signup-store';

/** Everything a webhook needs, built once per cold start. */
export interface WebhookDependencies {
  publicBaseUrl: string;
  credentials: TwilioCredentialsProvider;
  resolveRole: (phone: string) => Promise<NumberRoleInfo>;
  calls: CallLog;
  inbox: Inbox;
  signups: SignupStore;
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
    credentials,
    resolveRole: (phone) => resolveNumberRole(phone, { directory, onboardingNumber: config.onboardingNumber, logger }),
    calls: new DynamoCallLog(db, config.activityTable),
    inbox: new DynamoInbox(db, config.activityTable),
    signups: new DynamoSignupStore(db, config.activityTable),
    sender: new TwilioMessageSender(credentials, config.twilioApiBaseUrl),
    logger,
    clock: systemClock,
    createMetrics: () => createEmfMetrics(config.metricsNamespace, options.emfWriter),
  };
}
