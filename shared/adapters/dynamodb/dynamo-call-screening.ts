import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { CallScreening, OwnerLeg, ScreeningRecord } from '../../ports/call-screening';
import * as activityKeys from './activity-table-keys';
import { conditionally, isConditionalCheckFailed } from './document-client';
import { DynamoScreeningDecision } from './dynamo-screening-decision';

/** A screening matters only while its call lasts and its callbacks arrive: kept two days, then TTL removes it. */
const SCREENING_SECONDS = 2 * 24 * 60 * 60;

type Item = Record<string, unknown>;

/** The screening exists, is this business's, and rang this owner phone (older screenings stored no owner phone). */
const SAME_CALL =
  'attribute_exists(pk) AND business = :business AND (attribute_not_exists(ownerPhone) OR ownerPhone = :owner)';

function legValues(leg: OwnerLeg): Record<string, string> {
  return { ':leg': leg.callSid, ':business': leg.business, ':owner': leg.ownerPhone };
}

/**
 * `SCREEN#<CallSid>`: one small item per `ring` call; acceptance and decision are conditional writes on it. The
 * decision (close) is DynamoScreeningDecision's, which the status function uses alone.
 */
export class DynamoCallScreening extends DynamoScreeningDecision implements CallScreening {
  async expect(record: { callSid: string; business: E164; ownerPhone: E164; caller?: E164; at: Date }): Promise<void> {
    // A redelivered voice webhook: the screening (and any acceptance on it) stays as it is.
    await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...activityKeys.screening(record.callSid),
            callSid: record.callSid,
            business: record.business,
            ownerPhone: record.ownerPhone,
            ...(record.caller ? { caller: record.caller } : {}),
            createdAt: record.at.toISOString(),
            expiresAt: Math.floor(record.at.getTime() / 1000) + SCREENING_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async find(callSid: string): Promise<ScreeningRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: activityKeys.screening(callSid), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async bindOwnerLeg(leg: OwnerLeg): Promise<ScreeningRecord | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.screening(leg.parentCallSid),
          UpdateExpression: 'SET ownerLeg = if_not_exists(ownerLeg, :leg)',
          // The first leg binds; the same leg again is a redelivery; any other leg, business or phone is refused.
          ConditionExpression: `${SAME_CALL} AND (attribute_not_exists(ownerLeg) OR ownerLeg = :leg)`,
          ExpressionAttributeValues: legValues(leg),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toRecord(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async accept(leg: OwnerLeg, at: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.screening(leg.parentCallSid),
          UpdateExpression: 'SET acceptedAt = if_not_exists(acceptedAt, :at)',
          // From the bound leg only; accepted before the outcome was decided, or a repeat of that same acceptance.
          ConditionExpression: `${SAME_CALL} AND ownerLeg = :leg AND (attribute_not_exists(decidedAt) OR attribute_exists(acceptedAt))`,
          ExpressionAttributeValues: { ...legValues(leg), ':at': at.toISOString() },
        }),
      ),
    );
  }
}

function toRecord(item: Item): ScreeningRecord {
  return {
    callSid: String(item.callSid),
    business: String(item.business) as E164,
    ...(typeof item.caller === 'string' ? { caller: item.caller as E164 } : {}),
    ...(typeof item.ownerPhone === 'string' ? { ownerPhone: item.ownerPhone as E164 } : {}),
    ...(typeof item.ownerLeg === 'string' ? { ownerLeg: item.ownerLeg } : {}),
    ...(typeof item.acceptedAt === 'string' ? { acceptedAt: new Date(item.acceptedAt) } : {}),
    ...(typeof item.decidedAt === 'string' ? { decidedAt: new Date(item.decidedAt) } : {}),
  };
}
