import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallLog, EndedCall, MissedCallOutcome } from '../../ports/call-log';
import { isConditionalCheckFailed } from './document-client';
import { expiresAt } from './expiry';

/** Call records in the activity table: the conditional put makes repeated status callbacks harmless. */
export class DynamoCallLog implements CallLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(call: EndedCall): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `CALL#${call.callSid}`,
            sk: 'CALL',
            callSid: call.callSid,
            clientId: call.clientId,
            businessNumber: call.businessNumber,
            callerId: call.callerId,
            callStatus: call.callStatus,
            endedAt: call.endedAt.toISOString(),
            state: 'SENDING',
            expiresAt: expiresAt(call.endedAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async recordOutcome(callSid: string, outcome: MissedCallOutcome): Promise<void> {
    const failed = outcome.textBack.state === 'failed' || outcome.ownerNotification.state === 'failed';
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `CALL#${callSid}`, sk: 'CALL' },
        UpdateExpression: 'SET textBack = :textBack, ownerNotification = :owner, #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':textBack': outcome.textBack, ':owner': outcome.ownerNotification, ':state': failed ? 'SEND_FAILED' : 'DONE' },
      }),
    );
  }
}
