import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { JobGlance, OpenJobGlance, WeekTally } from '../../domain/after-job/week-figures';
import type { LocalDay } from '../../domain/common/local-day';
import type { Tenure } from '../../domain/numbers/tenure';
import type { CustomerKey } from '../../domain/sms/customer-key';
import type { BusinessWeek } from '../../ports/business-week';
import * as activityKeys from './activity-table-keys';

/** Issue 19: the digest's reads, from the business's own partition only (WEEK#, OPENJOB# and CLOSED# items). */
export class DynamoBusinessWeek implements BusinessWeek {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async tally(business: Tenure, week: LocalDay): Promise<WeekTally> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: activityKeys.weekTally(business, week) }),
    );
    const count = (name: string) => (typeof Item?.[name] === 'number' ? (Item[name] as number) : 0);
    return { missedCalls: count('missedCalls'), textedBack: count('textedBack') };
  }

  async openJobs(business: Tenure, limit: number): Promise<{ jobs: OpenJobGlance[]; more: boolean }> {
    const { pk, skPrefix } = activityKeys.openJobs(business);
    const { items, more } = await this.pages(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :open)',
        ProjectionExpression: '#ref, customer, openedAt, firstOwnerReplyAt, lastMessageAt, lastMessageAuthor',
        ExpressionAttributeNames: { '#ref': 'ref' },
        ExpressionAttributeValues: { ':pk': pk, ':open': skPrefix },
      },
      limit,
    );
    const jobs = items.map((item) => ({
      ...glance(item),
      customer: String(item.customer) as CustomerKey,
      lastMessageAt: String(item.lastMessageAt),
      lastMessageAuthor: String(item.lastMessageAuthor ?? 'customer'),
    }));
    return { jobs, more };
  }

  async closedJobs(business: Tenure, from: Date, until: Date, limit: number): Promise<JobGlance[]> {
    const first = activityKeys.closedJobNote(business, from.toISOString(), 0);
    const last = activityKeys.closedJobNote(business, until.toISOString(), 0);
    const { items } = await this.pages(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
        ExpressionAttributeValues: { ':pk': first.pk, ':from': first.sk, ':until': last.sk },
      },
      limit,
    );
    return items.map(glance);
  }

  /** At most `limit` items, page after page; `more` when the partition holds more. */
  private async pages(input: Omit<QueryCommandInput, 'TableName'>, limit: number) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, Limit: limit - items.length, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return { items, more: ExclusiveStartKey !== undefined };
  }
}

function glance(item: Record<string, unknown>): JobGlance {
  return {
    ref: Number(item.ref),
    openedAt: String(item.openedAt),
    ...(typeof item.firstOwnerReplyAt === 'string' ? { firstOwnerReplyAt: item.firstOwnerReplyAt } : {}),
  };
}
