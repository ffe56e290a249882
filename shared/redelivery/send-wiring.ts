import { DynamoContacts } from '../adapters/dynamodb/dynamo-contacts';
import { DynamoDeliveryRecords } from '../adapters/dynamodb/dynamo-delivery-records';
import type { ServiceConfig } from '../config';
import { finishQueuedSend } from '../domain/sending/finish-queued-send';
import type { Metrics } from '../ports/metrics';
import type { QueuedSend } from '../ports/send-queue';
import type { FunctionClients } from '../wiring';

/** A redelivery consumer's work on a queued text, on the function's clients: the record's field, Twilio's API and its message log. */
export function queuedSendWork(
  config: Pick<ServiceConfig, 'activity'>,
  clients: FunctionClients,
): (send: QueuedSend, metrics: Metrics) => Promise<unknown> {
  const { db, sender, logger, clock } = clients;
  const ports = {
    sender,
    sentLog: sender,
    deliveries: new DynamoDeliveryRecords(db, config.activity.activityTable),
    contacts: new DynamoContacts(db, config.activity.activityTable),
    logger,
    clock,
  };
  return (send, metrics) => finishQueuedSend(send, { ...ports, metrics });
}
