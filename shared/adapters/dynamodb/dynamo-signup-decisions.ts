import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { SignupConversation, SignupDecisionStore } from '../../ports/signup-store';
import { activityKeys } from './activity-keys';
import { isConditionalCheckFailed } from './document-client';
import { DynamoSignupStore } from './dynamo-signup-store';
import { expiresAt } from './expiry';

/** The sign-up store as the admin CLI uses it: with the operator's conditional decision (kept out of the webhooks). */
export class DynamoSignupDecisions extends DynamoSignupStore implements SignupDecisionStore {
  constructor(
    private readonly documents: ConstructorParameters<typeof DynamoSignupStore>[0],
    private readonly table: string,
  ) {
    super(documents, table);
  }

  async saveDecision(
    conversation: SignupConversation,
    expectedVersion: number,
    shown: { businessName: string; notifyPhone: E164 },
  ): Promise<boolean> {
    const token = randomUUID();
    const key = activityKeys.signup(conversation.phone);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key,
            ...conversation,
            writtenBy: token,
            expiresAt: expiresAt(new Date(conversation.updatedAt)),
          },
          // The values themselves are in the condition, not only the version: what lands is exactly what was shown.
          ConditionExpression:
            'version = :expected AND #step = :awaiting AND businessName = :name AND notifyPhone = :notify',
          ExpressionAttributeNames: { '#step': 'step' },
          ExpressionAttributeValues: {
            ':expected': expectedVersion,
            ':awaiting': 'AWAITING_APPROVAL',
            ':name': shown.businessName,
            ':notify': shown.notifyPhone,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    // Our own write whose answer was lost (the SDK's retry then failed the condition) still counts as saved.
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return Item?.writtenBy === token;
  }
}
