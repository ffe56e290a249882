import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClosedScreening, ScreeningDecision } from '../../ports/call-screening';
import * as activityKeys from './activity-table-keys';
import { isConditionalCheckFailed } from './document-client';

/** A `ring` call's screening item (`SCREEN#<CallSid>`), closed once: all the status function does with screenings. */
export class DynamoScreeningDecision implements ScreeningDecision {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async close(callSid: string, at: Date, dialCallStatus?: string): Promise<ClosedScreening | undefined> {
    try {
      const { Attributes = {} } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.screening(callSid),
          UpdateExpression: `SET decidedAt = if_not_exists(decidedAt, :at)${dialCallStatus ? ', dialCallStatus = :dial' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ...(dialCallStatus ? { ':dial': dialCallStatus } : {}),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // The item as it was: this update never changes acceptedAt, so the old value is what is stored now; the dial
      // status is the one just stored, or the one stored before.
      const stored = dialCallStatus ?? Attributes.dialCallStatus;
      return {
        accepted: typeof Attributes.acceptedAt === 'string',
        ...(typeof stored === 'string' ? { dialCallStatus: stored } : {}),
        firstDecision: Attributes.decidedAt === undefined,
      };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
