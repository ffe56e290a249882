import { nameSkeleton } from '../../domain/signup/name-skeleton';
import type { DirectoryKey } from './directory-items';
import { DIRECTORY_KEYS } from './tables';
import type { TransactItem } from './transactions';

/**
 * A business name's claim in the directory table: one item per TS #39 skeleton (shared/domain/signup/name-skeleton.ts),
 * `claimedBy` the client (not `clientId`, so no client index holds it). Written in the transaction that creates the
 * client, deleted in the one that removes it: whether a name looks like another business's is one GetItem, never a Scan.
 * Kept out of directory-items.ts so the voice and status bundles, which never create a client, carry no skeleton table.
 */
export function nameClaimKey(businessName: string): DirectoryKey {
  return { pk: `NAME#${nameSkeleton(businessName)}`, sk: DIRECTORY_KEYS.nameClaimSk };
}

/** Claims the name for `clientId`: fails when another client holds a name that looks the same (a retry passes). */
export function nameClaimPut(tableName: string, clientId: string, businessName: string): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...nameClaimKey(businessName), claimedBy: clientId },
      ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :clientId',
      ExpressionAttributeValues: { ':clientId': clientId },
    },
  };
}

/** Releases the name's claim if `clientId` holds it. */
export function nameClaimDelete(tableName: string, clientId: string, businessName: string): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: nameClaimKey(businessName),
      ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :clientId',
      ExpressionAttributeValues: { ':clientId': clientId },
    },
  };
}
