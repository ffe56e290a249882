import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Tenure } from '../../domain/numbers/tenure';
import type {
  DueOwnerText,
  OwnerTextMarkers,
  OwnerTextQueue,
  QueuedOwnerText,
  TakeResult,
} from '../../ports/owner-text-queue';
import * as activityKeys from './activity-table-keys';
import { conditionally, isConditionalCheckFailed } from './document-client';
import { queuedTextItem } from './owner-text-items';
import { transactWrite } from './transactions';

/** A review marker lives as long as the rule it keeps (once per 90 days), plus a day; a digest's a few weeks. */
const REVIEW_MARKER_DAYS = 91;
const DIGEST_MARKER_DAYS = 21;

/**
 * Issue 19: the owner-texts job's queue (pk OWNERTEXTS, in due order) and its once-markers under each business's
 * partition. Every change is conditional or idempotent, so overlapping runs and a run that died are harmless.
 */
export class DynamoOwnerTextQueue implements OwnerTextQueue, OwnerTextMarkers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async enqueue(text: QueuedOwnerText, dueAt: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: queuedTextItem(text, dueAt, dueAt) }));
  }

  async listDue(now: Date, limit: number): Promise<DueOwnerText[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        // Keys start with the ISO due time: everything up to now, and nothing later ('$' sorts after '#').
        KeyConditionExpression: 'pk = :queue AND sk < :upTo',
        ExpressionAttributeValues: { ':queue': activityKeys.OWNER_TEXT_QUEUE, ':upTo': `${now.toISOString()}$` },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return Items.flatMap((item) => toDueText(item) ?? []);
  }

  async take(text: DueOwnerText, now: Date, until: Date): Promise<TakeResult> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.ownerTextQueued(text.key),
          UpdateExpression: 'SET takenUntil = :until ADD attempts :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(takenUntil) OR takenUntil < :now)',
          ExpressionAttributeValues: { ':until': until.toISOString(), ':now': now.toISOString(), ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // Still taken by a run that never finished it: it died holding it, and may have sent it in that window.
      const died = typeof Attributes?.takenUntil === 'string' ? Attributes.takenUntil : undefined;
      const hold = until.getTime() - now.getTime();
      const window = died ? [{ from: new Date(Date.parse(died) - hold).toISOString(), until: died }] : [];
      return { taken: true, lostAnswers: [...text.lostAnswers, ...window] };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { taken: false };
      throw error;
    }
  }

  async finish(text: DueOwnerText): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: activityKeys.ownerTextQueued(text.key) }));
  }

  async move(text: DueOwnerText, dueAt: Date): Promise<void> {
    const item = queuedTextItem(text, dueAt, new Date(text.queuedAt));
    if (item.sk === text.key) return this.release(text);
    await transactWrite(this.db, [
      { Delete: { TableName: this.tableName, Key: activityKeys.ownerTextQueued(text.key) } },
      { Put: { TableName: this.tableName, Item: item } },
    ]);
  }

  async release(text: DueOwnerText, lostAnswer?: { from: string; until: string }): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.ownerTextQueued(text.key),
          UpdateExpression: `REMOVE takenUntil${lostAnswer ? ' SET lostAnswers = list_append(if_not_exists(lostAnswers, :none), :lost)' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ...(lostAnswer ? { ExpressionAttributeValues: { ':none': [], ':lost': [lostAnswer] } } : {}),
        }),
      ),
    );
  }

  async mark(
    business: Tenure,
    marker: { kind: 'review'; customer: E164; since: Date } | { kind: 'digest'; week: string },
    by: string,
    body: string,
    at: Date,
  ): Promise<string | undefined> {
    const review = marker.kind === 'review';
    const days = review ? REVIEW_MARKER_DAYS : DIGEST_MARKER_DAYS;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: review
            ? activityKeys.reviewAsked(business, marker.customer)
            : activityKeys.digestSent(business, marker.week),
          // A text taking it again (its run died after taking it) keeps the body it stored: that is what was sent.
          UpdateExpression: review
            ? 'SET #by = :by, body = :body, markedAt = :at, expiresAt = :expires'
            : 'SET #by = if_not_exists(#by, :by), body = if_not_exists(body, :body), markedAt = if_not_exists(markedAt, :at), expiresAt = :expires',
          ConditionExpression: `attribute_not_exists(#by) OR #by = :by${review ? ' OR markedAt < :since' : ''}`,
          ExpressionAttributeNames: { '#by': 'by' },
          ExpressionAttributeValues: {
            ':by': by,
            ':body': body,
            ':at': at.toISOString(),
            ':expires': Math.floor(at.getTime() / 1000) + days * 86_400,
            ...(review ? { ':since': marker.since.toISOString() } : {}),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // Ours already (a run that died after taking it): the body it stored then.
      return Attributes?.by === by && typeof Attributes.body === 'string' ? Attributes.body : body;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}

function toDueText(item: Record<string, unknown>): DueOwnerText | undefined {
  const business = { clientId: String(item.clientId), number: String(item.business) as E164 };
  const common = {
    key: String(item.sk),
    dueAt: String(item.dueAt),
    queuedAt: String(item.queuedAt),
    attempts: Number(item.attempts ?? 0),
    lostAnswers: Array.isArray(item.lostAnswers) ? (item.lostAnswers as DueOwnerText['lostAnswers']) : [],
  };
  if (item.kind === 'digest') return { kind: 'digest', business, ...common };
  if (item.kind === 'review' && typeof item.customer === 'string')
    return { kind: 'review', business, customer: item.customer as E164, jobRef: Number(item.jobRef), ...common };
  return undefined;
}
