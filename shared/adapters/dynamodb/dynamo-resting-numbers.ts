import { BatchGetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NumberStatus, TwilioNumberRole } from '../../domain/numbers/number-role';
import type { E164 } from '../../domain/numbers/phone-number';
import type { RestingNumbers } from '../../ports/resting-numbers';
import { directoryKeys, type DirectoryItem } from './directory-items';
import { conditionally } from './document-client';
import { DIRECTORY_KEYS } from './tables';

const DAY_MS = 86_400_000;
/** One BatchGetItem's worth: a run reads at most this many resting numbers (the rest wait for the next run). */
const RESTING_PER_RUN = 100;

/**
 * Resting numbers are found through the sparse availablePool index, in its own `RESTING` partition (sign-up reads only
 * `AVAILABLE`): a Query, then one BatchGetItem for their items (the index keeps keys only). A rest is ended or dated by
 * one conditional write on the number, only while it is still RESTING and owned by nobody, so a number an operator
 * changed in between is left alone. Idempotent: a rerun finds what is left.
 */
export class DynamoRestingNumbers implements RestingNumbers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async endRests(now: Date, quarantineDays: number, limit = RESTING_PER_RUN) {
    const { Items: keys = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIRECTORY_KEYS.availablePoolIndex,
        KeyConditionExpression: '#slot = :resting',
        ExpressionAttributeNames: { '#slot': DIRECTORY_KEYS.poolSlot },
        ExpressionAttributeValues: { ':resting': DIRECTORY_KEYS.poolSlotResting },
        Limit: Math.min(limit, RESTING_PER_RUN),
      }),
    );
    if (keys.length === 0) return { returned: [], stillResting: 0 };
    const items = await this.readNumbers(keys.map((key) => String(key.pk) as E164));
    const returned: E164[] = [];
    let stillResting = 0;
    for (const item of items) {
      if (item.status !== NumberStatus.RESTING) continue;
      const restsUntil = restEnd(item, quarantineDays);
      // 0 days: no rest at all, whatever the clocks of the release and of this run say.
      if (quarantineDays === 0 || restsUntil.getTime() <= now.getTime()) {
        if (await this.returnToPool(item, now)) returned.push(String(item.pk) as E164);
      } else {
        stillResting += 1;
        if (item.restsUntil !== restsUntil.toISOString()) await this.dateRest(item, restsUntil);
      }
    }
    return { returned, stillResting };
  }

  private async readNumbers(phones: E164[]): Promise<DirectoryItem[]> {
    let pending: Record<string, { Keys: Array<{ pk: string; sk: string }>; ConsistentRead: boolean }> = {
      [this.tableName]: { Keys: phones.map((phone) => directoryKeys.number(phone)), ConsistentRead: true },
    };
    const items: DirectoryItem[] = [];
    // DynamoDB may leave keys unprocessed under load: ask again for those, a few times; the rest wait for the next run.
    for (let attempt = 0; attempt < 3 && Object.keys(pending).length > 0; attempt += 1) {
      const { Responses = {}, UnprocessedKeys = {} } = await this.db.send(
        new BatchGetCommand({ RequestItems: pending }),
      );
      items.push(...((Responses[this.tableName] ?? []) as DirectoryItem[]));
      pending = UnprocessedKeys as typeof pending;
    }
    return items;
  }

  /** Back into the pool (the AVAILABLE partition of availablePool), if still resting and owned by nobody. */
  private returnToPool(item: DirectoryItem, now: Date): Promise<boolean> {
    return this.whileResting(item, {
      UpdateExpression: 'SET #status = :available, #slot = :slot, updatedAt = :now REMOVE restingSince, restsUntil',
      ConditionExpression: '#role = :system AND attribute_not_exists(clientId)',
      ExpressionAttributeNames: { '#role': 'role', '#slot': DIRECTORY_KEYS.poolSlot },
      ExpressionAttributeValues: {
        ':available': NumberStatus.AVAILABLE,
        ':system': TwilioNumberRole.SYSTEM,
        ':slot': DIRECTORY_KEYS.poolSlotAvailable,
        ':now': now.toISOString(),
      },
    });
  }

  /** The day the rest ends, on the number, for the operator's listing: written when the setting gives a new date. */
  private async dateRest(item: DirectoryItem, restsUntil: Date): Promise<void> {
    await this.whileResting(item, {
      UpdateExpression: 'SET restsUntil = :until',
      ExpressionAttributeValues: { ':until': restsUntil.toISOString() },
    });
  }

  /**
   * One conditional write on the number, applied only while the rest this run read still stands (RESTING since the
   * same release): false when an operator changed the number in between.
   */
  private whileResting(
    item: DirectoryItem,
    write: {
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const stillResting = '#status = :resting AND restingSince = :since';
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: directoryKeys.number(String(item.pk) as E164),
          UpdateExpression: write.UpdateExpression,
          ConditionExpression: write.ConditionExpression
            ? `${stillResting} AND ${write.ConditionExpression}`
            : stillResting,
          ExpressionAttributeNames: { '#status': 'status', ...write.ExpressionAttributeNames },
          ExpressionAttributeValues: {
            ...write.ExpressionAttributeValues,
            ':resting': NumberStatus.RESTING,
            ':since': item.restingSince,
          },
        }),
      ),
    );
  }
}

/** Its release plus the quarantine; a resting number with no release time (written by hand) never ends its rest by itself. */
function restEnd(item: DirectoryItem, quarantineDays: number): Date {
  const since = typeof item.restingSince === 'string' ? Date.parse(item.restingSince) : Number.NaN;
  if (Number.isNaN(since)) return new Date(8.64e15);
  return new Date(since + quarantineDays * DAY_MS);
}
