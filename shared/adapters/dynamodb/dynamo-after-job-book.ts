import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobGlance } from '../../domain/after-job/week-figures';
import type { Tenure } from '../../domain/numbers/tenure';
import type { AfterJobBook, QueuedOwnerText } from '../../ports/owner-text-queue';
import * as activityKeys from './activity-table-keys';
import { queuedTextItem } from './owner-text-items';
import { transactWrite } from './transactions';

/** A closed job's note is read by the digest of the Monday after it; kept five weeks. */
const CLOSED_NOTE_SECONDS = 35 * 86_400;

/** Issue 19, the SMS function's writes after a job: DONE's note and review request, DIGEST ON's first digest. */
export class DynamoAfterJobBook implements AfterJobBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async jobClosed(business: Tenure, job: JobGlance & { closedAt: Date }, review?: QueuedOwnerText): Promise<void> {
    const note = {
      TableName: this.tableName,
      Item: {
        ...activityKeys.closedJobNote(business, job.closedAt.toISOString(), job.ref),
        ref: job.ref,
        openedAt: job.openedAt,
        firstOwnerReplyAt: job.firstOwnerReplyAt,
        expiresAt: Math.floor(job.closedAt.getTime() / 1000) + CLOSED_NOTE_SECONDS,
      },
    };
    if (!review) await this.db.send(new PutCommand(note));
    else
      await transactWrite(this.db, [
        { Put: note },
        { Put: { TableName: this.tableName, Item: queuedTextItem(review, job.closedAt, job.closedAt) } },
      ]);
  }

  async enqueue(text: QueuedOwnerText, dueAt: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: queuedTextItem(text, dueAt, dueAt) }));
  }
}
