import type { E164 } from '../../domain/numbers/phone-number';
import type { SignupConversation, SignupDecisionStore } from '../../ports/signup-store';
import { putStamped } from './document-client';
import { conversationItem, DynamoSignupStore } from './dynamo-signup-store';

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
    // Our own write whose answer was lost (the SDK's retry then failed the condition) still counts as saved.
    return putStamped(
      this.documents,
      {
        TableName: this.table,
        Item: conversationItem(conversation),
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
      },
      'writtenBy',
    );
  }
}
