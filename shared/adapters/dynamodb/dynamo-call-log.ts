import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallLog, CallRecord } from '../../ports/call-log';
import * as activityKeys from './activity-table-keys';
import { conditionally } from './document-client';
import { expiresAt } from './expiry';

/** One record per missed call (CALL#<sid>): first the claim of its CallSid (state CLAIMED), then what was sent for it. */
export class DynamoCallLog implements CallLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(call: CallRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: toItem(call) }));
  }

  async recordIfMissing(call: CallRecord): Promise<boolean> {
    // Missing means no record, or only the claim an earlier delivery made before it failed.
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(call), state: 'RECOVERED' },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'CLAIMED' },
        }),
      ),
    );
  }
}

function toItem(call: CallRecord) {
  const failed = call.textBack.state === 'failed' || call.ownerNotification.state === 'failed';
  return {
    ...activityKeys.call(call.callSid),
    callSid: call.callSid,
    clientId: call.clientId,
    businessNumber: call.businessNumber,
    callerId: call.callerId,
    callStatus: call.callStatus,
    endedAt: call.endedAt.toISOString(),
    textBack: call.textBack,
    ownerNotification: call.ownerNotification,
    state: failed ? 'SEND_FAILED' : 'DONE',
    expiresAt: expiresAt(call.endedAt),
  };
}
