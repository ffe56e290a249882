import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { PendingApproval, SignupStore } from '../../ports/signup-store';
import { DynamoSignupConversations, strip } from './dynamo-signup-conversations';
import { queryAllPages } from './query-all-pages';

export { conversationItem } from './dynamo-signup-conversations';

/** The whole sign-up store: the conversations and writes, with the waiting list's and approvals' listings. */
export class DynamoSignupStore extends DynamoSignupConversations implements SignupStore {
  async waitingList(): Promise<E164[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'WAITLIST' },
        ConsistentRead: true,
      }),
    );
    return Items.sort((a, b) => String(a.since).localeCompare(String(b.since))).map((item) => item.phone as E164);
  }

  async pendingApprovals(): Promise<PendingApproval[]> {
    const items = await queryAllPages(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'APPROVALS' },
      ConsistentRead: true,
    });
    const approvals = items.map((item) => strip(item) as unknown as PendingApproval);
    return approvals.sort((a, b) => a.since.localeCompare(b.since));
  }
}
