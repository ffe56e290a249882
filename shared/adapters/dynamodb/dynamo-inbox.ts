import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Inbox, InboundMessage, MessageOutcome } from '../../ports/inbox';
import * as activityKeys from './activity-table-keys';
import { conditionally, putStamped } from './document-client';
import { expiresAt } from './expiry';

/** One record per inbound message in the activity table. */
export class DynamoInbox implements Inbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async store(message: InboundMessage): Promise<boolean> {
    // The MessageSid's claim; the record may be our own, applied before its answer was lost and the SDK sent it again.
    return putStamped(
      this.db,
      {
        TableName: this.tableName,
        Item: { ...inboxItem(message), state: 'RECEIVED' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      'storedBy',
    );
  }

  async recordOutcome(messageSid: string, outcome: MessageOutcome): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.message(messageSid),
        UpdateExpression: 'SET outcome = :outcome, #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':outcome': outcome, ':state': stateOf(outcome) },
      }),
    );
  }

  async record(message: InboundMessage, outcome: MessageOutcome): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...inboxItem(message), outcome, state: stateOf(outcome) } }),
    );
  }

  async recordIfMissing(message: InboundMessage, outcome: MessageOutcome): Promise<boolean> {
    return conditionally(
      this.db.send(
        // Missing means no record, or only the claim an earlier delivery made before it failed.
        new PutCommand({
          TableName: this.tableName,
          Item: { ...inboxItem(message), outcome, state: 'RECOVERED' },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :received',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':received': 'RECEIVED' },
        }),
      ),
    );
  }
}

/** The MESSAGE#<sid> record of an inbound SMS: written first as the MessageSid's claim (state RECEIVED). */
export function inboxItem(message: InboundMessage) {
  return {
    ...activityKeys.message(message.messageSid),
    messageSid: message.messageSid,
    to: message.to,
    from: message.from,
    body: message.body,
    mediaUrls: message.mediaUrls,
    role: message.role,
    clientId: message.clientId,
    receivedAt: message.receivedAt.toISOString(),
    expiresAt: expiresAt(message.receivedAt),
  };
}

/** SEND_FAILED when any send for the message failed: visible for a retry, and counted where it failed. */
function stateOf(outcome: MessageOutcome): string {
  return Object.values(outcome).some((value) => typeof value === 'object' && value.state === 'failed')
    ? 'SEND_FAILED'
    : 'DONE';
}
