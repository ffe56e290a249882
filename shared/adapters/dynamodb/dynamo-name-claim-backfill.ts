import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientAccount } from '../../domain/admin/admin-records';
import type { ExistingNameClaim } from '../../domain/admin/plan-name-claims';
import { directoryKeys, queryByKind, unassignedClientPartition } from './directory-items';
import { nameClaimKey, nameClaimPut } from './name-claims';
import { DIRECTORY_KEYS } from './tables';
import { transactWrite } from './transactions';

const CLAIM_PREFIX = 'NAME#';

/** What writing one client's claim came to. */
export type NameClaimOutcome =
  | { kind: 'claimed' }
  /** Another client holds a name that looks the same (it took it after the plan was read). */
  | { kind: 'held'; by: string }
  /** The client's item moved or went since the plan was read (number assigned or released, client removed): rerun. */
  | { kind: 'changed' };

/**
 * Issue 17 §5's backfill: claims (NAME#<skeleton>) for the clients created before names were claimed. The claims are
 * read by Query on the byKind index (sk=NAME), never a Scan; each is written with the sign-up's own conditional put
 * (absent, or held by this client already: a rerun changes nothing), in one TransactWriteItems with a check that the
 * client is still where it was read, so a client removed meanwhile never leaves a claim behind.
 */
export class DynamoNameClaimBackfill {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly directoryTable: string,
  ) {}

  /** Every name claim in the directory, paged through the byKind index. */
  async readClaims(): Promise<ExistingNameClaim[]> {
    const items = await queryByKind(this.db, this.directoryTable, DIRECTORY_KEYS.nameClaimSk);
    return items.map((item) => ({
      skeleton: String(item.pk).slice(CLAIM_PREFIX.length),
      claimedBy: String(item.claimedBy),
    }));
  }

  /** Claims the client's name: one TransactWriteItems; a GetItem on the claim only when its condition failed. */
  async claim(client: Pick<ClientAccount, 'id' | 'businessName' | 'twilioNumber'>): Promise<NameClaimOutcome> {
    const partition = client.twilioNumber ?? unassignedClientPartition(client.id);
    const cancelled = await transactWrite(this.db, [
      {
        ConditionCheck: {
          TableName: this.directoryTable,
          Key: directoryKeys.client(partition),
          ConditionExpression: 'clientId = :clientId',
          ExpressionAttributeValues: { ':clientId': client.id },
        },
      },
      nameClaimPut(this.directoryTable, client.id, client.businessName),
    ]);
    if (!cancelled) return { kind: 'claimed' };
    if (cancelled[0]?.conditionFailed) return { kind: 'changed' };
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.directoryTable, Key: nameClaimKey(client.businessName), ConsistentRead: true }),
    );
    // Released again before this read: nothing holds it now, the next run claims it.
    return Item ? { kind: 'held', by: String(Item.claimedBy) } : { kind: 'changed' };
  }
}
