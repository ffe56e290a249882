import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { SignupConversation, SignupStore } from '../../ports/signup-store';
import { activityKeys } from './activity-keys';
import { isConditionalCheckFailed } from './document-client';
import { expiresAt } from './expiry';

/** Sign-up conversations (optimistic versioning) and the waiting list, in the activity table. */
export class DynamoSignupStore implements SignupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(phone: E164): Promise<SignupConversation | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.signup(phone), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, writtenBy: _writtenBy, expiresAt: _expiresAt, ...conversation } = Item;
    return conversation as SignupConversation;
  }

  async save(conversation: SignupConversation, expectedVersion: number): Promise<boolean> {
    const token = randomUUID();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          // Kept a year after its last change, like every activity record.
          Item: { ...activityKeys.signup(conversation.phone), ...conversation, writtenBy: token, expiresAt: expiresAt(new Date(conversation.updatedAt)) },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    // Our own write whose answer was lost (the SDK's retry then failed the version check) still counts as saved.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.signup(conversation.phone), ConsistentRead: true }));
    return Item?.writtenBy === token;
  }

  async addToWaitingList(phone: E164, at: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...activityKeys.waitingList(phone), phone, since: at.toISOString() } }));
  }

  async removeFromWaitingList(phone: E164): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: activityKeys.waitingList(phone) }));
  }

  async waitingList(): Promise<E164[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'WAITLIST' }, ConsistentRead: true }),
    );
    return Items.sort((a, b) => String(a.since).localeCompare(String(b.since))).map((item) => item.phone as E164);
  }
}
