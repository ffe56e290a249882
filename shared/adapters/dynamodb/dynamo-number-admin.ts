import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError } from '../../domain/admin/admin-errors';
import type { ClientAccount, DirectorySnapshot, JobSummary, NumberItem } from '../../domain/admin/admin-records';
import type { NumberChange } from '../../domain/admin/plan-number-change';
import { NumberStatus, TwilioNumberRole } from '../../domain/numbers/number-role';
import type { E164 } from '../../domain/numbers/phone-number';
import { ClientJobListing, type JobMessageItem } from './client-job-listing';
import {
  directoryKeys,
  isClientItem,
  isNumberItem,
  queryByKind,
  readDirectorySnapshot,
  toClientAccount,
  toNumberItem,
  unassignedClientPartition,
  type DirectoryItem as Item,
} from './directory-items';
import { isConditionalCheckFailed } from './document-client';
import { DynamoOptOutRetention } from './dynamo-opt-out-retention';
import { DIRECTORY_KEYS, isFreePoolNumber } from './tables';

export type { JobMessageItem } from './client-job-listing';

export interface AdminTables {
  directoryTable: string;
  activityTable: string;
}

/**
 * The reads and writes of the admin CLI, on the item shapes of directory-items.ts (the audit needs only `readDirectorySnapshot`).
 * DynamoDB Local's stand-in (dynalite) has no transactions, so a change is a short sequence of conditional writes,
 * ordered so that every intermediate state is safe (the number's record always wins resolution) and a rerun finishes it.
 */
export class DynamoNumberAdmin {
  private readonly optOuts: DynamoOptOutRetention;
  private readonly jobs: ClientJobListing;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: AdminTables,
  ) {
    this.optOuts = new DynamoOptOutRetention(db, tables.activityTable);
    this.jobs = new ClientJobListing(db, tables.activityTable);
  }

  /** The number's record and the client in its partition: one Query, like role resolution. */
  async readNumber(phone: E164): Promise<{ record?: NumberItem; owner?: ClientAccount }> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.directoryTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': phone },
        ConsistentRead: true,
      }),
    );
    const record = Items.find(isNumberItem);
    const owner = Items.find(isClientItem);
    return { ...(record ? { record: toNumberItem(record) } : {}), ...(owner ? { owner: toClientAccount(owner) } : {}) };
  }

  /** Every CLIENT item of a client, with or without a number: normally one, two only after an interrupted move. */
  async findClient(clientId: string): Promise<ClientAccount[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.directoryTable,
        IndexName: DIRECTORY_KEYS.byClientIdIndex,
        KeyConditionExpression: 'clientId = :id AND sk = :client',
        ExpressionAttributeValues: { ':id': clientId, ':client': DIRECTORY_KEYS.clientSk },
      }),
    );
    return Items.map(toClientAccount);
  }

  /** The numbers whose stored role is ONBOARDING. */
  async onboardingNumbers(): Promise<E164[]> {
    const items = await queryByKind(this.db, this.tables.directoryTable, DIRECTORY_KEYS.numberSk, {
      FilterExpression: '#role = :onboarding',
      ExpressionAttributeNames: { '#role': 'role' },
      ExpressionAttributeValues: { ':onboarding': TwilioNumberRole.ONBOARDING },
    });
    return items.map((item) => String(item.pk) as E164);
  }

  /**
   * The whole directory, paged through the byKind index (NUMBER items, then CLIENT items): every item is read, but by
   * Query, never by Scan; `onPage` reports progress while more pages follow.
   */
  async readSnapshot(onPage?: (itemsSoFar: number) => void): Promise<DirectorySnapshot> {
    return readDirectorySnapshot(this.db, this.tables.directoryTable, onPage);
  }

  /** A client's jobs (its own partition, whichever number it had), most recent message first. */
  async listJobs(client: ClientAccount): Promise<JobSummary[]> {
    return this.jobs.listJobs(client.id);
  }

  /** One job by its reference, with its messages. */
  async readJob(
    client: ClientAccount,
    ref: number,
  ): Promise<(JobSummary & { messages: JobMessageItem[] }) | undefined> {
    return this.jobs.readJob(client.id, ref);
  }

  /**
   * Writes a planned change. Assigning: the client moves into the number's partition first, then the record becomes
   * OPERATIONAL (invariant: never OPERATIONAL before its client owns it). Releasing: the record leaves OPERATIONAL
   * first, then the client moves out. The record write is conditional on the record the plan was made from.
   * The number's opt-outs follow (settleOptOuts): kept before a number is put to use, set to expire once it is back in
   * the pool, so an interrupted change never leaves a number in use with expiring opt-outs.
   */
  async applyChange(change: NumberChange, at = new Date()): Promise<void> {
    const move = change.clientMove;
    const inUse = change.after.role !== TwilioNumberRole.SYSTEM;
    if (inUse) await this.settleOptOuts(change, at);
    if (move?.kind === 'assign')
      await this.moveClient(move.clientId, unassignedClientPartition(move.clientId), move.to);
    if (change.requiredOwner) await this.requireOwner(change.phone, change.requiredOwner);
    await this.writeRecord(change);
    if (move?.kind === 'unassign') await this.moveClient(move.clientId, move.from, undefined);
    if (!inUse) await this.settleOptOuts(change, at);
  }

  /**
   * The retention of the number's opt-outs for the state a change leaves it in: none while it serves a business or is
   * the onboarding number, a year from `at` once it is a pool (SYSTEM) number. Idempotent: running it again on an
   * unchanged number finishes what an interrupted change left.
   */
  async settleOptOuts(change: Pick<NumberChange, 'phone' | 'after'>, at = new Date()): Promise<void> {
    if (change.after.role !== TwilioNumberRole.SYSTEM) return this.optOuts.keepOptOuts(change.phone, at);
    await this.optOuts.expireOptOuts(change.phone, at);
    // A sign-up may have taken the number the moment it became free, before its opt-outs were set to expire: read
    // after they were, and keep them after all if a client has it now (reserved or assigned).
    const { record, owner } = await this.readNumber(change.phone);
    if (owner || record?.clientId !== undefined || (record && record.role !== TwilioNumberRole.SYSTEM))
      await this.optOuts.keepOptOuts(change.phone, at);
  }

  private async writeRecord(change: NumberChange): Promise<void> {
    const { phone, before, after } = change;
    const names: Record<string, string> = { '#role': 'role', '#status': 'status', '#clientId': 'clientId' };
    const values: Record<string, unknown> = {
      ':phone': phone,
      ':role': after.role,
      ':status': after.status,
      ':now': new Date().toISOString(),
    };
    let update = 'SET phone = :phone, #role = :role, #status = :status, updatedAt = :now';
    names['#slot'] = DIRECTORY_KEYS.poolSlot;
    const free = isFreePoolNumber({ role: after.role, status: after.status, clientId: after.clientId });
    const resting = after.status === NumberStatus.RESTING;
    if (free || resting) {
      // Free: into the sparse availablePool index, where sign-up finds it. Resting: into its RESTING partition, which
      // only the waiting-list job reads (it ends the rest), from the first release on.
      update += ', #slot = :slot';
      values[':slot'] = free ? DIRECTORY_KEYS.poolSlotAvailable : DIRECTORY_KEYS.poolSlotResting;
    }
    if (resting) update += ', restingSince = if_not_exists(restingSince, :now)';
    const removed = [
      ...(after.clientId ? [] : ['#clientId']),
      ...(free || resting ? [] : ['#slot']),
      ...(resting ? [] : ['restingSince', 'restsUntil']),
    ];
    if (after.clientId) {
      update += ', #clientId = :clientId';
      values[':clientId'] = after.clientId;
    }
    if (removed.length > 0) update += ` REMOVE ${removed.join(', ')}`;

    // Only over the record the plan was made from: a concurrent change is never overwritten.
    const conditions: string[] = [];
    if (!before) {
      conditions.push('attribute_not_exists(pk)');
    } else {
      conditions.push('attribute_exists(pk)');
      conditions.push(attributeIs('#role', ':beforeRole', before.storedRole, values));
      conditions.push(attributeIs('#status', ':beforeStatus', before.status, values));
      conditions.push(attributeIs('#clientId', ':beforeClientId', before.clientId, values));
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.directoryTable,
          Key: directoryKeys.number(phone),
          UpdateExpression: update,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error))
        throw new ConcurrentChangeError(
          `${phone} changed while this command ran: nothing was overwritten, run it again`,
        );
      throw error;
    }
  }

  /** Re-checks, just before the record becomes OPERATIONAL, that the client still owns the number. */
  private async requireOwner(phone: E164, clientId: string): Promise<void> {
    const owner = await this.getItem(directoryKeys.client(phone));
    if (owner?.clientId !== clientId)
      throw new ConcurrentChangeError(
        `client ${clientId} no longer owns ${phone}: nothing was written, run the command again`,
      );
  }

  /** Moves a client's CLIENT item between partitions: copy first, then delete, so the client is never lost. Rerunnable. */
  private async moveClient(clientId: string, fromPk: string, toNumber: E164 | undefined): Promise<void> {
    const toPk = toNumber ?? unassignedClientPartition(clientId);
    const [source, target] = await Promise.all([
      this.getItem(directoryKeys.client(fromPk)),
      this.getItem(directoryKeys.client(toPk)),
    ]);
    if (source && source.clientId !== clientId)
      throw new ConcurrentChangeError(
        `${fromPk} now holds client ${String(source.clientId)}, not ${clientId}: run the command again`,
      );
    if (!source && target?.clientId !== clientId)
      throw new ConcurrentChangeError(`client ${clientId} is no longer at ${fromPk}: run the command again`);

    if (source && !target) {
      const { pk: _from, twilioNumber: _number, ...attributes } = source;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tables.directoryTable,
            Item: { ...attributes, ...directoryKeys.client(toPk), ...(toNumber ? { twilioNumber: toNumber } : {}) },
            // Invariant: a number is owned by at most one client.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error))
          throw new ConcurrentChangeError(`another client took ${toPk} while this command ran: run it again`);
        throw error;
      }
    } else if (target && target.clientId !== clientId) {
      throw new ConcurrentChangeError(`${toPk} is owned by client ${String(target.clientId)}: run the command again`);
    }

    if (source) {
      try {
        await this.db.send(
          new DeleteCommand({
            TableName: this.tables.directoryTable,
            Key: directoryKeys.client(fromPk),
            ConditionExpression: 'attribute_not_exists(pk) OR clientId = :id',
            ExpressionAttributeValues: { ':id': clientId },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error))
          throw new ConcurrentChangeError(`${fromPk} changed while this command ran: run it again`);
        throw error;
      }
    }
  }

  private async getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.directoryTable, Key: key, ConsistentRead: true }),
    );
    return Item;
  }
}

/** `attribute = value`, or `attribute_not_exists` when the value was absent. */
function attributeIs(name: string, placeholder: string, value: unknown, values: Record<string, unknown>): string {
  if (value === undefined) return `attribute_not_exists(${name})`;
  values[placeholder] = value;
  return `${name} = ${placeholder}`;
}
