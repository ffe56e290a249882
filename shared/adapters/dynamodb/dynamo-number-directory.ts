import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Client, NumberRecord } from '../../domain/numbers/number-role';
import { DynamoCallSettings } from './dynamo-call-settings';
import type { E164 } from '../../domain/numbers/phone-number';
import type { NumberDirectory, NumberEntry } from '../../ports/number-directory';
import type { NumberRegistry } from '../../ports/number-registry';
import {
  directoryKeys,
  fromNumberRecord,
  isClientItem,
  isNumberItem,
  ownsNumber,
  queryByKind,
  toClient,
  toClientItem,
  toNumberRecord,
  type DirectoryItem as Item,
} from './directory-items';
import { DIRECTORY_KEYS } from './tables';

/**
 * Numbers and their owning clients in the directory table (keys and items: directory-items.ts); the call settings
 * (updateCallSettings) are DynamoCallSettings', which the SMS function uses alone.
 */
export class DynamoNumberDirectory extends DynamoCallSettings implements NumberDirectory, NumberRegistry {
  /** One Query: the number record and the client that owns the number share a partition. */
  async lookup(phone: E164): Promise<NumberEntry> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :phone',
        ExpressionAttributeValues: { ':phone': phone },
      }),
    );
    const entry: NumberEntry = {};
    for (const item of Items) {
      if (isNumberItem(item)) entry.record = toNumberRecord(item);
      if (isClientItem(item)) entry.owner = toClient(item);
    }
    return entry;
  }

  async putNumber(record: NumberRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: fromNumberRecord(record, new Date()) }));
  }

  async putClient(client: Client): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toClientItem(client),
      }),
    );
  }

  async getNumber(phone: E164): Promise<NumberRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: directoryKeys.number(phone) }),
    );
    return Item ? toNumberRecord(Item) : undefined;
  }

  async getClient(clientId: string): Promise<Client | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIRECTORY_KEYS.byClientIdIndex,
        KeyConditionExpression: 'clientId = :id AND sk = :client',
        ExpressionAttributeValues: { ':id': clientId, ':client': DIRECTORY_KEYS.clientSk },
      }),
    );
    const item = Items.find(ownsNumber);
    return item ? toClient(item) : undefined;
  }

  async listNumbers(): Promise<NumberRecord[]> {
    return (await this.scanBySortKey(DIRECTORY_KEYS.numberSk)).map(toNumberRecord);
  }

  async listClients(): Promise<Client[]> {
    return (await this.scanBySortKey(DIRECTORY_KEYS.clientSk)).filter(ownsNumber).map(toClient);
  }

  /** Every NUMBER or CLIENT item, a page at a time through the byKind index: a Query, never a Scan. */
  private async scanBySortKey(sk: string): Promise<Item[]> {
    return queryByKind(this.db, this.tableName, sk);
  }
}
