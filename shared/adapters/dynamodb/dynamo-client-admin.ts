import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientAccount } from '../../domain/admin/admin-records';
import type { E164 } from '../../domain/numbers/phone-number';
import { directoryKeys, unassignedClientPartition } from './directory-items';
import { nameClaimDelete } from './name-claims';
import { transactWrite } from './transactions';
import { conditionally } from './document-client';

/**
 * The admin CLI's edits of a client record (`clients set-owner`, `clients remove`), each one conditional write on the
 * record as it was read: a concurrent change is never overwritten. Creating a client goes through the sign-up's own
 * NumberPool (assignNumber); moving one between numbers through DynamoNumberAdmin.
 */
export class DynamoClientAdmin {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly directoryTable: string,
  ) {}

  /** Sets the owner phone (the byOwnerPhone index follows). False when the record changed since it was read. */
  async setOwnerPhone(client: ClientAccount, ownerPhone: E164): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.directoryTable,
          Key: directoryKeys.client(partitionOf(client)),
          UpdateExpression: 'SET ownerPhone = :new',
          ConditionExpression: 'clientId = :id AND ownerPhone = :old',
          ExpressionAttributeValues: { ':new': ownerPhone, ':old': client.ownerPhone, ':id': client.id },
        }),
      ),
    );
  }

  /**
   * Deletes the record of a client that owns no number, and releases its business name's claim in the same
   * transaction. False when it is gone already or owns a number again.
   */
  async deleteClientWithoutNumber(clientId: string, businessName: string): Promise<boolean> {
    const deleteClient = {
      Delete: {
        TableName: this.directoryTable,
        Key: directoryKeys.client(unassignedClientPartition(clientId)),
        ConditionExpression: 'clientId = :id AND attribute_not_exists(twilioNumber)',
        ExpressionAttributeValues: { ':id': clientId },
      },
    };
    const cancelled = await transactWrite(this.db, [
      deleteClient,
      nameClaimDelete(this.directoryTable, clientId, businessName),
    ]);
    if (cancelled === undefined) return true;
    if (cancelled[0]?.conditionFailed) return false;
    // The skeleton is held by another client (one created before name claims existed): not ours to release.
    return (await transactWrite(this.db, [deleteClient])) === undefined;
  }
}

function partitionOf(client: ClientAccount): string {
  return client.twilioNumber ?? unassignedClientPartition(client.id);
}
