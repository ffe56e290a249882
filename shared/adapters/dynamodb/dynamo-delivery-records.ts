import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Delivery, LostAnswer } from '../../domain/sending/delivery';
import type { DeliveryHold, DeliveryRecords, TakeResult } from '../../ports/delivery-records';
import type { DeliveryTarget } from '../../ports/send-queue';
import * as activityKeys from './activity-table-keys';
import { isConditionalCheckFailed, conditionally } from './document-client';

/**
 * The delivery fields of CALL#, MESSAGE# and VOICEMAIL# records, moved queued -> sending -> sent/failed by conditional
 * updates of that one field: two deliveries of one queued send never both hold it, so it is sent at most once.
 */
export class DynamoDeliveryRecords implements DeliveryRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(target: DeliveryTarget, hold: DeliveryHold): Promise<TakeResult> {
    const { key, path, names } = locate(target);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${path}.#state = :sending, ${path}.#until = :until, ${path}.#attempt = :attempt`,
          ConditionExpression: `${path}.#state = :queued OR (${path}.#state = :sending AND ${path}.#until < :now)`,
          ExpressionAttributeNames: { ...names, '#state': 'state', '#until': 'until', '#attempt': 'attempt' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':queued': 'queued',
            ':until': hold.until.toISOString(),
            ':attempt': hold.attempt,
            ':now': hold.now.toISOString(),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { taken: true, lostAnswers: lostAnswersOf(fieldOf(Attributes, target), hold.holdMs) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const delivery = fieldOf(Item, target);
    // The claim alone (CLAIMED, RECEIVED) or no record yet: the webhook that queued it has not written it.
    if (!delivery || typeof delivery !== 'object' || typeof delivery.state !== 'string')
      return { taken: false, why: 'not-recorded-yet' };
    if (delivery.state === 'sending') return { taken: false, why: 'held' };
    return { taken: false, why: 'finished', delivery };
  }

  async settle(target: DeliveryTarget, attempt: string, delivery: Delivery): Promise<boolean> {
    const { key, path, names } = locate(target);
    // A failure is visible on the record as the other failed sends are (SEND_FAILED); voicemails keep no state.
    const markFailed = delivery.state === 'failed' && target.record !== 'voicemail';
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${path} = :delivery${markFailed ? ', #recordState = :failed' : ''}`,
          ConditionExpression: `${path}.#state = :sending AND ${path}.#attempt = :attempt`,
          ExpressionAttributeNames: {
            ...names,
            '#state': 'state',
            '#attempt': 'attempt',
            ...(markFailed ? { '#recordState': 'state' } : {}),
          },
          ExpressionAttributeValues: {
            ':delivery': delivery,
            ':sending': 'sending',
            ':attempt': attempt,
            ...(markFailed ? { ':failed': 'SEND_FAILED' } : {}),
          },
        }),
      ),
    );
  }
}

function locate(target: DeliveryTarget): { key: Record<string, string>; path: string; names: Record<string, string> } {
  switch (target.record) {
    case 'call':
      return { key: activityKeys.call(target.sid), path: '#field', names: { '#field': target.field } };
    case 'message':
      return {
        key: activityKeys.message(target.sid),
        path: '#outcome.#field',
        names: { '#outcome': 'outcome', '#field': target.field },
      };
    case 'voicemail':
      return { key: activityKeys.voicemail(target.sid), path: '#field', names: { '#field': 'ownerText' } };
  }
}

function fieldOf(item: Record<string, unknown> | undefined, target: DeliveryTarget): Delivery | undefined {
  if (!item) return undefined;
  if (target.record === 'message') {
    const outcome = item.outcome as Record<string, unknown> | undefined;
    return outcome?.[target.field] as Delivery | undefined;
  }
  return item[target.record === 'voicemail' ? 'ownerText' : target.field] as Delivery | undefined;
}

/** The field's recorded lost answers, and the window of a lapsed hold this take replaced. */
function lostAnswersOf(before: Delivery | undefined, holdMs: number): LostAnswer[] {
  if (!before || (before.state !== 'queued' && before.state !== 'sending')) return [];
  const recorded = before.lostAnswers ?? [];
  if (before.state !== 'sending') return recorded;
  const until = new Date(before.until);
  return [...recorded, { from: new Date(until.getTime() - holdMs).toISOString(), until: before.until }];
}
