import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CrmWebhook, CrmWebhooks } from '../../ports/crm-webhooks';

/**
 * A business's CRM webhook lives apart from its client record (which every webhook reads): in the directory at
 * `CLIENT#<clientId>` / `CRM_WEBHOOK`, keyed by the business, never by its number, so it follows the business and
 * the next owner of the number never reaches it. Only the CRM function and the admin read it; the client record
 * carries `crmEvents: true` so the webhooks know whether to publish without reading this.
 */
export function crmWebhookKey(clientId: string): { pk: string; sk: string } {
  return { pk: `CLIENT#${clientId}`, sk: 'CRM_WEBHOOK' };
}

export class DynamoCrmWebhooks implements CrmWebhooks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly directoryTable: string,
  ) {}

  async find(clientId: string): Promise<CrmWebhook | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.directoryTable, Key: crmWebhookKey(clientId) }),
    );
    return typeof Item?.url === 'string' && typeof Item.secret === 'string'
      ? { url: Item.url, secret: Item.secret }
      : undefined;
  }
}
