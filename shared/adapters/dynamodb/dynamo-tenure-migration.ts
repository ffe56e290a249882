import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  planTenureMigration,
  type NumberHolder,
  type TenureMigrationStep,
} from '../../domain/admin/plan-tenure-migration';
import type { E164 } from '../../domain/numbers/phone-number';
import { tenurePartition } from './activity-keys';
import { conditionally } from './document-client';
import { expiresAt } from './expiry';
import { queryAllPages } from './query-all-pages';

type Item = Record<string, unknown>;

/** One old item and what the migration does with it. */
export interface TenureMigrationEntry {
  number: E164;
  item: Item;
  step: TenureMigrationStep;
}

export interface TenureMigrationReport {
  numbers: number;
  moved: number;
  merged: number;
  dropped: number;
  /** An old open job whose customer already had a new one (opened after the deploy): kept as a closed job. */
  closedOnCollision: number;
}

/**
 * Moves what a business accumulated under its number (`BIZ#<number>`, before issue 17) to its client's partition
 * (`CLIENT#<clientId>`). Each item: the new one written first (or merged, idempotently), then the old one deleted, so a
 * rerun after a crash finishes the job and a second run finds nothing to do. The numbers come from the directory (every
 * number record and every client's number): each partition is read by Query, never a Scan.
 */
export class DynamoTenureMigration {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly activityTable: string,
  ) {}

  /** Every old item under the given numbers, with its step (items that stay, opt-outs and POOL, are left out). */
  async plan(holders: ReadonlyMap<E164, NumberHolder>): Promise<TenureMigrationEntry[]> {
    const entries: TenureMigrationEntry[] = [];
    for (const [number, holder] of [...holders].sort(([a], [b]) => a.localeCompare(b))) {
      const items = await queryAllPages(this.db, {
        TableName: this.activityTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `BIZ#${number}` },
        ConsistentRead: true,
      });
      for (const item of items) {
        const clientId = typeof item.clientId === 'string' ? item.clientId : undefined;
        const step = planTenureMigration({ sk: String(item.sk), ...(clientId ? { clientId } : {}) }, holder);
        if (step.kind !== 'keep') entries.push({ number, item, step });
      }
    }
    return entries;
  }

  async apply(entries: readonly TenureMigrationEntry[], now = new Date()): Promise<TenureMigrationReport> {
    const report: TenureMigrationReport = {
      numbers: new Set(entries.map((entry) => entry.number)).size,
      moved: 0,
      merged: 0,
      dropped: 0,
      closedOnCollision: 0,
    };
    for (const { item, step } of entries) {
      if (step.kind === 'keep') continue;
      if (step.kind === 'move-job') {
        if (await this.moveJob(item, step.clientId, now)) report.closedOnCollision += 1;
        report.moved += 1;
      } else if (step.kind === 'drop') {
        report.dropped += 1;
      } else {
        await this.merge(item, step.kind, tenurePartition(step));
        report.merged += 1;
      }
      // The new item is written: only now does the old one go.
      await this.db.send(new DeleteCommand({ TableName: this.activityTable, Key: { pk: item.pk, sk: item.sk } }));
    }
    return report;
  }

  /** True when the customer already had a newer open job: the old one is then kept as a closed job. */
  private async moveJob(item: Item, clientId: string, now: Date): Promise<boolean> {
    const pk = tenurePartition({ clientId });
    if (await this.putIfAbsent({ ...item, pk })) return false;
    const { Item: there } = await this.db.send(
      new GetCommand({ TableName: this.activityTable, Key: { pk, sk: item.sk }, ConsistentRead: true }),
    );
    if (there?.jobId === item.jobId) return false;
    const ref = String(Number(item.ref ?? 0)).padStart(6, '0');
    await this.putIfAbsent({
      ...item,
      pk,
      sk: `JOB#${ref}#${String(item.jobId)}`,
      status: 'DONE',
      closedAt: now.toISOString(),
      closedBy: 'migration',
      expiresAt: expiresAt(now),
    });
    return true;
  }

  private putIfAbsent(item: Item): Promise<boolean> {
    return conditionally(
      this.db.send(
        new PutCommand({ TableName: this.activityTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
  }

  /**
   * Counters are added once per old partition (`migratedFrom` names the partitions already added: a rerun adds nothing
   * again); the job sequence keeps the larger; a cooldown keeps the later text-back.
   */
  private async merge(item: Item, kind: 'merge-ledger' | 'merge-budget' | 'merge-cooldown', pk: string) {
    const Key = { pk, sk: item.sk };
    if (kind === 'merge-cooldown') {
      if (typeof item.lastTextBackAt !== 'string') return;
      await conditionally(
        this.db.send(
          new UpdateCommand({
            TableName: this.activityTable,
            Key,
            UpdateExpression: 'SET lastTextBackAt = :at, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(lastTextBackAt) OR lastTextBackAt < :at',
            ExpressionAttributeValues: { ':at': item.lastTextBackAt, ':expires': item.expiresAt ?? null },
          }),
        ),
      );
      return;
    }
    if (kind === 'merge-ledger' && typeof item.jobSeq === 'number') {
      await conditionally(
        this.db.send(
          new UpdateCommand({
            TableName: this.activityTable,
            Key,
            UpdateExpression: 'SET jobSeq = :seq',
            ConditionExpression: 'attribute_not_exists(jobSeq) OR jobSeq < :seq',
            ExpressionAttributeValues: { ':seq': item.jobSeq },
          }),
        ),
      );
    }
    const counters = Object.entries(item).filter(
      ([name, value]) => typeof value === 'number' && (name === 'sent' || name.startsWith('sent#')),
    );
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':from': new Set([String(item.pk)]), ':fromOne': String(item.pk) };
    const adds = ['migratedFrom :from'];
    counters.forEach(([name, value], index) => {
      names[`#c${index}`] = name;
      values[`:c${index}`] = value;
      adds.push(`#c${index} :c${index}`);
    });
    const keepExpiry = kind === 'merge-budget' && typeof item.expiresAt === 'number';
    if (keepExpiry) values[':expires'] = item.expiresAt;
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.activityTable,
          Key,
          UpdateExpression: `ADD ${adds.join(', ')}${keepExpiry ? ' SET expiresAt = if_not_exists(expiresAt, :expires)' : ''}`,
          ConditionExpression: 'attribute_not_exists(migratedFrom) OR NOT contains(migratedFrom, :fromOne)',
          ...(counters.length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}
