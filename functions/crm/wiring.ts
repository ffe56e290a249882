import { DynamoCrmWebhooks } from '../../shared/adapters/dynamodb/dynamo-crm-webhooks';
import { NodeCrmEndpoint } from '../../shared/adapters/http/node-crm-endpoint';
import { SqsCrmQueue } from '../../shared/adapters/queue/sqs-crm-queue';
import type { ConfigFor } from '../../shared/config';
import { CRM_SECTIONS } from '../../shared/function-settings';
import type { CrmEndpoint } from '../../shared/ports/crm-webhooks';
import { systemClock } from '../../shared/ports/clock';
import { documentClient, metricsFactory, serviceLogger, type WiringOptions } from '../../shared/wiring';
import type { CrmConsumerDeps } from './create-handler';

export const CRM_SETTINGS = CRM_SECTIONS;
export type CrmConfig = ConfigFor<(typeof CRM_SETTINGS)[number]>;

/** The first retry of a failed event; with the queue's 8 receives, a CRM has about 45 minutes to come back. */
export const CRM_BASE_DELAY_SECONDS = 30;
/** Attempts before an event is dead-lettered: the CRM queue's maxReceiveCount (lib/crm-delivery.ts, checked by a test). */
export const CRM_MAX_ATTEMPTS = 8;

/** What only the local service and the tests pass: the deployed function gets none of these. */
export interface CrmWiringOptions extends WiringOptions {
  /** The network side (a test's resolver); Node's http(s) and DNS otherwise. */
  crmEndpoint?: CrmEndpoint;
  /** The local receiver of `npm start` (http://localhost:<port>/local/crm): the one destination outside the rules. */
  localReceiver?: string;
  crmBaseDelaySeconds?: number;
}

/** The CRM function: webhooks read from the directory, POSTs through Node's http(s), the CRM queue for backoff. */
export function wireCrm(config: CrmConfig, options: CrmWiringOptions): CrmConsumerDeps {
  const db = documentClient(config.dynamodb, options);
  const logger = serviceLogger(options);
  const queue = options.crmQueue ?? new SqsCrmQueue(config.crmEvents.queueUrl);
  return {
    deliver: {
      webhooks: new DynamoCrmWebhooks(db, config.directory.directoryTable),
      endpoint: options.crmEndpoint ?? new NodeCrmEndpoint(),
      rules: options.localReceiver ? { localReceiver: options.localReceiver } : {},
      logger,
      clock: options.clock ?? systemClock,
    },
    logger,
    createMetrics: metricsFactory(config.metrics, options),
    retryLater: (receipt, seconds) => queue.retryLater(receipt, seconds),
    baseDelaySeconds: options.crmBaseDelaySeconds ?? CRM_BASE_DELAY_SECONDS,
    maxAttempts: CRM_MAX_ATTEMPTS,
  };
}
