import { weekTallyUpdate } from '../../shared/adapters/dynamodb/week-tally-items';
import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoScreeningDecision } from '../../shared/adapters/dynamodb/dynamo-screening-decision';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoVoicemailJobs } from '../../shared/adapters/dynamodb/dynamo-voicemail-jobs';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoVoicemailLog } from '../../shared/adapters/dynamodb/dynamo-voicemail-log';
import { TwilioCallPlacer } from '../../shared/adapters/twilio/twilio-call-placer';
import type { ConfigFor } from '../../shared/config';
import type { HandleCallStatusDeps } from '../../shared/domain/calls/handle-call-status';
import type { DeliverVoicemailDeps } from '../../shared/domain/calls/take-voicemail';
import { type STATUS_REDELIVERY_SECTIONS, STATUS_SECTIONS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { crmQueue, redeliveryQueue } from '../../shared/redelivery/queue-wiring';
import type { JobEvents } from '../../shared/ports/job-events';
import {
  functionClients,
  webhookChain,
  type FunctionClients,
  type RetryingQueue,
  type WiringOptions,
} from '../../shared/wiring';

export const STATUS_SETTINGS = STATUS_SECTIONS;
export type StatusConfig = ConfigFor<(typeof STATUS_SETTINGS)[number]>;
/** What the status routes' work reads: the webhook's settings but the public URL (its consumer signs nothing). */
export type CallStatusConfig = ConfigFor<(typeof STATUS_REDELIVERY_SECTIONS)[number]>;

export interface StatusWiring extends CallStatusPorts {
  chain: WebhookChainDeps;
}

/** The status routes' ports, the same for the webhook and its redelivery consumer; metrics come per invocation. */
export interface CallStatusPorts {
  /** The missed-call flow's ports. */
  missedCall: Omit<HandleCallStatusDeps, 'metrics'>;
  /** The voicemail callbacks' ports. */
  voicemail: Omit<DeliverVoicemailDeps, 'metrics'>;
}

/** The status function: the missed-call flow, the voicemail callbacks, and its redelivery queue, one client of each kind. */
export function wireStatus(config: StatusConfig, options: WiringOptions): StatusWiring {
  const clients = functionClients(config, options);
  const queue = redeliveryQueue(config.redelivery, options);
  return {
    chain: webhookChain(config, clients.credentials, clients.logger, options, queue),
    ...wireCallStatus(config, clients, queue, crmQueue(config.crmEvents, options)),
  };
}

/**
 * The status routes' ports on the function's clients: the status webhook's and its redelivery consumer's, the same.
 * A text Twilio failed to take is settled onto `queue` (settleDelivery) by the use cases; job events of businesses
 * with a CRM webhook go to `jobEvents` (issue 19 §5).
 */
export function wireCallStatus(
  config: CallStatusConfig,
  clients: FunctionClients,
  queue: RetryingQueue,
  jobEvents: JobEvents,
): CallStatusPorts {
  const { db, sender, logger, clock } = clients;
  const { activityTable } = config.activity;
  const exchanges = new DynamoExchangeReader(db, config.directory.directoryTable, activityTable);
  const ledger = new DynamoBusinessLedger(db, activityTable, weekTallyUpdate);
  const contacts = new DynamoContacts(db, activityTable);
  const budget = new DynamoSendBudget(db, activityTable);
  const { onboardingNumber } = config.numbers;
  return {
    missedCall: {
      onboardingNumber,
      rules: config.textBack,
      limits: config.sendLimits,
      budget,
      exchanges,
      ledger,
      calls: new DynamoCallLog(db, activityTable),
      screening: new DynamoScreeningDecision(db, activityTable),
      contacts,
      sender,
      sendQueue: queue,
      jobEvents,
      logger,
      clock,
    },
    voicemail: {
      onboardingNumber,
      rules: config.textBack,
      limits: config.sendLimits,
      budget,
      recordingsPublic: config.calls.recordingsPublic,
      voicemailsPerCallerPerDay: config.calls.voicemailsPerCallerPerDay,
      exchanges,
      ledger,
      jobs: new DynamoVoicemailJobs(db, activityTable),
      voicemails: new DynamoVoicemailLog(db, activityTable),
      contacts,
      sender,
      calls: new TwilioCallPlacer(sender),
      dialBudgets: config.calls,
      sendQueue: queue,
      jobEvents,
      logger,
      clock,
    },
  };
}
