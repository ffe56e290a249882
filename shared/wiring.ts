import { createDocumentClient, type DynamoDBDocumentClient } from './adapters/dynamodb/document-client';
import { JsonLogger } from './adapters/logging/json-logger';
import { createEmfMetrics, type EmfWriter } from './adapters/metrics/emf-metrics';
import {
  cachedCredentials,
  type CachedCredentials,
  type TwilioCredentialsProvider,
} from './adapters/twilio/twilio-credentials';
import { TwilioMessageSender } from './adapters/twilio/twilio-message-sender';
import type { ServiceConfig } from './config';
import { systemClock, type Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { FlushableMetrics } from './ports/metrics';
import type { SendQueue } from './ports/send-queue';
import type { SignupDesk } from './ports/signup-desk';
import type { RedeliveryQueue } from './ports/redelivery-queue';
import type { JobEvents } from './ports/job-events';
import type { WebhookChainDeps } from './middleware/twilio-webhook';

/**
 * What the builders below take besides configuration: the deployed functions pass only `service` and the secret
 * reader; tests and the local service pass their own client, EMF writer, logger and clock, or their own way of
 * building a kind of client (`build`, through which a test counts how many of each a function builds).
 */
export interface WiringOptions {
  service: string;
  db?: DynamoDBDocumentClient;
  emfWriter?: EmfWriter;
  logger?: Logger;
  clock?: Clock;
  /** The redelivery queue, when it is not SQS (the local service's in-process queue). */
  redeliveryQueue?: RetryingQueue;
  /** Issue 19 §5: the CRM queue, when it is not SQS (the local service's in-process queue, a test's). */
  crmQueue?: CrmQueue;
  /** The sign-up function, when it is not invoked on Lambda (the local service's: its handler, in process). */
  signupDesk?: SignupDesk;
  /** How to fetch Twilio credentials kept in a secret; only the deployed functions need one. */
  fetchSecretCredentials?: (secretId: string) => ReturnType<TwilioCredentialsProvider>;
  /**
   * How each kind of client is built when none is injected above, by functionClients and redeliveryQueue (the status
   * and SMS functions and their consumers); the defaults otherwise.
   */
  build?: Partial<ClientBuilders>;
}

/** How a function builds each kind of client it talks through: each is built once per cold start. */
export interface ClientBuilders {
  documentClient(config: ServiceConfig['dynamodb']): DynamoDBDocumentClient;
  messageSender(config: ServiceConfig['twilio'], credentials: TwilioCredentialsProvider): TwilioMessageSender;
  /** The route's redelivery queue (SQS when deployed; shared/redelivery/queue-wiring.ts builds it). */
  redeliveryQueue(config: ServiceConfig['redelivery']): RetryingQueue;
}

/**
 * The clients a function's ports share, one of each kind, built once per cold start: one DynamoDB document client,
 * one Twilio credentials cache and sender, one logger and clock.
 */
export interface FunctionClients {
  db: DynamoDBDocumentClient;
  credentials: CachedCredentials;
  sender: TwilioMessageSender;
  logger: Logger;
  clock: Clock;
}

export function functionClients(
  config: Pick<ServiceConfig, 'dynamodb' | 'twilio'>,
  options: WiringOptions,
): FunctionClients {
  const credentials = twilioCredentials(config.twilio, options);
  const build = options.build ?? {};
  return {
    db: options.db ?? build.documentClient?.(config.dynamodb) ?? documentClient(config.dynamodb, options),
    credentials,
    sender: (build.messageSender ?? messageSender)(config.twilio, credentials),
    logger: serviceLogger(options),
    clock: options.clock ?? systemClock,
  };
}

/** One document client per cold start. */
export function documentClient(config: ServiceConfig['dynamodb'], options: WiringOptions): DynamoDBDocumentClient {
  return options.db ?? createDocumentClient(config.endpoint ? { endpoint: config.endpoint } : {});
}

export function serviceLogger(options: WiringOptions): Logger {
  return options.logger ?? new JsonLogger(options.service);
}

/** Metrics for one invocation each; the caller flushes them. */
export function metricsFactory(config: ServiceConfig['metrics'], options: WiringOptions): () => FlushableMetrics {
  return () => createEmfMetrics(config.namespace, options.emfWriter);
}

/** The account's credentials, fetched once and kept a while (a rotated token is picked up, see cachedCredentials). */
export function twilioCredentials(config: ServiceConfig['twilio'], options: WiringOptions): CachedCredentials {
  const source = config.credentials;
  return cachedCredentials(async () => {
    if (source.kind === 'environment') return { accountSid: source.accountSid, authToken: source.authToken };
    if (!options.fetchSecretCredentials)
      throw new Error('Twilio credentials are in a secret but no secret reader was wired');
    return options.fetchSecretCredentials(source.secretId);
  });
}

/** The one way a function sends SMS: Twilio's Messages API, with the environment's Messaging Service when it has one. */
export function messageSender(
  config: ServiceConfig['twilio'],
  credentials: TwilioCredentialsProvider,
): TwilioMessageSender {
  return new TwilioMessageSender(credentials, config.apiBaseUrl, config.apiTimeoutMs, config.messagingServiceSid);
}

/** What the middy chain of a Twilio webhook needs: the public URL, the credentials, a logger and per-invocation metrics. */
export function webhookChain(
  config: Pick<ServiceConfig, 'webhook' | 'metrics'>,
  credentials: CachedCredentials,
  logger: Logger,
  options: WiringOptions,
  redelivery?: RedeliveryQueue,
): WebhookChainDeps {
  return {
    publicBaseUrl: config.webhook.publicBaseUrl,
    credentials,
    logger,
    createMetrics: metricsFactory(config.metrics, options),
    ...(redelivery ? { redelivery } : {}),
  };
}

/** A redelivery queue its consumer can also delay a failed message on (SQS: the visibility timeout). */
export type RetryingQueue = RedeliveryQueue &
  SendQueue & {
    retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
  };

/** The CRM queue (issue 19 §5): the webhooks publish job events to it; the CRM function delays a failed one on it. */
export type CrmQueue = JobEvents & {
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
};
