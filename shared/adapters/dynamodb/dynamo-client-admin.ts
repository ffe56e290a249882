import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientAccount } from '../../domain/admin/admin-records';
import type { E164 } from '../../domain/numbers/phone-number';
import { directoryKeys, unassignedClientPartition } from './directory-items';
import { nameClaimDelete } from './name-claims';
import { transactWrite } from './transactions';
import { conditionally } from './document-client';
import type { CrmWebhook } from '../../ports/crm-webhooks';
import { crmWebhookKey } from './dynamo-crm-webhooks';

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
   * Issue 19 §5: sets (or, with none, removes) the client's CRM webhook and, in the same transaction, the `crmEvents`
   * flag on its record that tells the webhooks to publish. False when the record changed since it was read.
   */
  async setCrmWebhook(client: ClientAccount, webhook: CrmWebhook | undefined, at: Date): Promise<boolean> {
    const key = crmWebhookKey(client.id);
    const cancelled = await transactWrite(this.db, [
      webhook
        ? {
            Put: {
              TableName: this.directoryTable,
              Item: { ...key, url: webhook.url, secret: webhook.secret, updatedAt: at.toISOString() },
            },
          }
        : { Delete: { TableName: this.directoryTable, Key: key } },
      {
        Update: {
          TableName: this.directoryTable,
          Key: directoryKeys.client(partitionOf(client)),
          UpdateExpression: webhook ? 'SET crmEvents = :on' : 'REMOVE crmEvents',
          ConditionExpression: 'clientId = :id',
          ExpressionAttributeValues: { ':id': client.id, ...(webhook ? { ':on': true } : {}) },
        },
      },
    ]);
    return cancelled === undefined;
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
    // Issue 19 §5: its CRM webhook (URL and secret) goes with it.
    const deleteWebhook = { Delete: { TableName: this.directoryTable, Key: crmWebhookKey(clientId) } };
    const cancelled = await transactWrite(this.db, [
      deleteClient,
      nameClaimDelete(this.directoryTable, clientId, businessName),
      deleteWebhook,
    ]);
    if (cancelled === undefined) return true;
    if (cancelled[0]?.conditionFailed) return false;
    // The skeleton is held by another client (one created before name claims existed): not ours to release.
    return (await transactWrite(this.db, [deleteClient, deleteWebhook])) === undefined;
  }
}

function partitionOf(client: ClientAccount): string {
  return client.twilioNumber ?? unassignedClientPartition(client.id);
}
