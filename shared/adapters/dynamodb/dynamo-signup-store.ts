import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/phone-number';
import type { SignupConversation, SignupStore } from '../../ports/signup-store';
import { isConditionalCheckFailed } from './document-client';

/** Sign-up conversations in the activity table, one per sender. */
export class DynamoSignupStore implements SignupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(phone: E164, at: Date): Promise<{ created: boolean; conversation: SignupConversation }> {
    const conversation: SignupConversation = { phone, step: 'ASK_BUSINESS_NAME', startedAt: at.toISOString() };
    const key = { pk: `SIGNUP#${phone}`, sk: 'SIGNUP' };
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...key, ...conversation }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return { created: true, conversation };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return { created: false, conversation: Item as SignupConversation };
  }
}
