import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobSummary } from '../../domain/admin/admin-records';
import * as activityKeys from './activity-table-keys';
import { tenurePartition } from './activity-keys';
import type { DirectoryItem as Item } from './directory-items';
import { queryAllPages } from './query-all-pages';

// The job keys of activity-keys.ts: open jobs by customer, closed ones by reference.
const OPEN_JOB_PREFIX = 'OPENJOB#';
const CLOSED_JOB_PREFIX = 'JOB#';

export interface JobMessageItem {
  messageSid: string;
  author: string;
  body: string;
  mediaUrls: string[];
  at: string;
}

/**
 * An operator's view of one client's jobs. Jobs live under the client (`CLIENT#<clientId>`), whichever number it had
 * when they were opened and whether or not it has one now: one Query on its partition, never a Scan, and a number's
 * next owner never sees them.
 */
export class ClientJobListing {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly activityTable: string,
  ) {}

  /** A client's jobs, open and closed, most recent message first. */
  async listJobs(clientId: string): Promise<JobSummary[]> {
    return (await this.jobItems(clientId))
      .map(toJobSummary)
      .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
  }

  /** One job by its reference, with its messages (a voicemail is a message whose media is its recording). */
  async readJob(clientId: string, ref: number): Promise<(JobSummary & { messages: JobMessageItem[] }) | undefined> {
    const item = (await this.jobItems(clientId)).find((candidate) => candidate.ref === ref);
    if (!item) return undefined;
    const key = activityKeys.jobMessages(String(item.jobId));
    const messages = await queryAllPages(this.db, {
      TableName: this.activityTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': key.pk, ':msg': key.skPrefix },
    });
    return {
      ...toJobSummary(item),
      messages: messages.map((message) => ({
        messageSid: String(message.messageSid ?? ''),
        author: String(message.author ?? ''),
        body: String(message.body ?? ''),
        mediaUrls: Array.isArray(message.mediaUrls) ? message.mediaUrls.map(String) : [],
        at: String(message.at ?? ''),
      })),
    };
  }

  private async jobItems(clientId: string): Promise<Item[]> {
    const items = await queryAllPages(this.db, {
      TableName: this.activityTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenurePartition({ clientId }) },
    });
    return items.filter(
      (item) => String(item.sk).startsWith(OPEN_JOB_PREFIX) || String(item.sk).startsWith(CLOSED_JOB_PREFIX),
    );
  }
}

function toJobSummary(item: Item): JobSummary {
  return {
    jobId: String(item.jobId),
    ...(typeof item.ref === 'number' ? { ref: item.ref } : {}),
    clientId: String(item.clientId),
    ...(typeof item.business === 'string' ? { business: item.business } : {}),
    customer: String(item.customer ?? ''),
    status: String(item.status ?? 'UNKNOWN'),
    ...(typeof item.openedAt === 'string' ? { openedAt: item.openedAt } : {}),
    ...(typeof item.lastMessageAt === 'string' ? { lastMessageAt: item.lastMessageAt } : {}),
    messageCount: typeof item.messageCount === 'number' ? item.messageCount : 0,
  };
}
