import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Delivery } from '../../domain/delivery';
import type { E164 } from '../../domain/phone-number';
import type { Inbox, InboundMessage, JobEntry } from '../../ports/inbox';
import { isConditionalCheckFailed } from './document-client';
import { expiresAt } from './expiry';

/** Inbound messages and open jobs in the activity table. */
export class DynamoInbox implements Inbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async store(message: InboundMessage): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `MESSAGE#${message.messageSid}`,
            sk: 'MESSAGE',
            messageSid: message.messageSid,
            to: message.to,
            from: message.from,
            body: message.body,
            mediaUrls: message.mediaUrls,
            role: message.role,
            clientId: message.clientId,
            receivedAt: message.receivedAt.toISOString(),
            state: 'RECEIVED',
            expiresAt: expiresAt(message.receivedAt),
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

  /** One atomic upsert: concurrent messages from one customer land on the same job, and only one of them opens it. */
  async addToOpenJob(clientId: string, customer: E164, message: InboundMessage): Promise<JobEntry> {
    const candidateJobId = randomUUID();
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `CLIENT#${clientId}`, sk: `OPENJOB#${customer}` },
        UpdateExpression:
          'SET jobId = if_not_exists(jobId, :jobId), clientId = :clientId, customer = :customer, #status = :open, ' +
          'openedAt = if_not_exists(openedAt, :now), lastMessageAt = :now, ' +
          'messages = list_append(if_not_exists(messages, :none), :message) ADD messageCount :one',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':jobId': candidateJobId,
          ':clientId': clientId,
          ':customer': customer,
          ':open': 'OPEN',
          ':now': message.receivedAt.toISOString(),
          ':none': [],
          ':message': [{ messageSid: message.messageSid, body: message.body, mediaUrls: message.mediaUrls, receivedAt: message.receivedAt.toISOString() }],
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const jobId = String(Attributes?.jobId);
    return { jobId, isNew: jobId === candidateJobId };
  }

  async recordOutcome(messageSid: string, outcome: Record<string, Delivery | string>): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `MESSAGE#${messageSid}`, sk: 'MESSAGE' },
        UpdateExpression: 'SET outcome = :outcome, #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':outcome': outcome, ':state': hasFailedDelivery(outcome) ? 'SEND_FAILED' : 'DONE' },
      }),
    );
  }
}

function hasFailedDelivery(outcome: Record<string, Delivery | string>): boolean {
  return Object.values(outcome).some((value) => typeof value === 'object' && value.state === 'failed');
}
