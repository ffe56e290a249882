import { DynamoContacts } from '../adapters/dynamodb/dynamo-contacts';
import { DynamoDeliveryRecords } from '../adapters/dynamodb/dynamo-delivery-records';
import type { CachedCredentials } from '../adapters/twilio/twilio-credentials';
import type { ServiceConfig } from '../config';
import { finishQueuedSend } from '../domain/sending/finish-queued-send';
import type { Metrics } from '../ports/metrics';
import { systemClock } from '../ports/clock';
import type { QueuedSend } from '../ports/send-queue';
import { documentClient, messageSender, serviceLogger, type WiringOptions } from '../wiring';

/** A redelivery consumer's work on a queued text: the record's field, Twilio's API and its message log. */
export function queuedSendWork(
  config: Pick<ServiceConfig, 'dynamodb' | 'activity' | 'twilio'>,
  options: WiringOptions,
  credentials: CachedCredentials,
): (send: QueuedSend, metrics: Metrics) => Promise<unknown> {
  const db = documentClient(config.dynamodb, options);
  const sender = messageSender(config.twilio, credentials);
  const ports = {
    sender,
    sentLog: sender,
    deliveries: new DynamoDeliveryRecords(db, config.activity.activityTable),
    contacts: new DynamoContacts(db, config.activity.activityTable),
    logger: serviceLogger(options),
    clock: options.clock ?? systemClock,
  };
  return (send, metrics) => finishQueuedSend(send, { ...ports, metrics });
}
