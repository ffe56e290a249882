import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientAccount } from '../../domain/admin/admin-records';
import type { E164 } from '../../domain/numbers/phone-number';
import { directoryKeys, unassignedClientPartition } from './directory-items';
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

  /** Deletes the record of a client that owns no number. False when it is gone already or owns a number again. */
  async deleteClientWithoutNumber(clientId: string): Promise<boolean> {
    return conditionally(
      this.db.send(
        new DeleteCommand({
          TableName: this.directoryTable,
          Key: directoryKeys.client(unassignedClientPartition(clientId)),
          ConditionExpression: 'clientId = :id AND attribute_not_exists(twilioNumber)',
          ExpressionAttributeValues: { ':id': clientId },
        }),
      ),
    );
  }
}

function partitionOf(client: ClientAccount): string {
  return client.twilioNumber ?? unassignedClientPartition(client.id);
}
