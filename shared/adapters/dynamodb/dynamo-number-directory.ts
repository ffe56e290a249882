import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { CallMode, Client, NumberRecord } from '../../domain/numbers/number-role';
import type { CallSettingsStore } from '../../ports/call-settings-store';
import { conditionally } from './document-client';
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

/** Numbers and their owning clients in the directory table (keys and items: directory-items.ts). */
export class DynamoNumberDirectory implements NumberDirectory, NumberRegistry, CallSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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

  /**
   * Changes a client's call settings on its record, only while the client still owns the number.
   * `hours: null` removes the opening hours (open all the time). False when the number has no client.
   */
  async updateCallSettings(
    business: E164,
    settings: { callMode?: CallMode; hours?: { text: string; timeZone: string } | null },
  ): Promise<boolean> {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: Record<string, unknown> = {};
    if (settings.callMode) {
      sets.push('callMode = :mode');
      values[':mode'] = settings.callMode;
    }
    if (settings.hours === null) removes.push('#hours', '#zone');
    if (settings.hours) {
      sets.push('#hours = :hours', '#zone = :zone');
      values[':hours'] = settings.hours.text;
      values[':zone'] = settings.hours.timeZone;
    }
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
    ]
      .join(' ')
      .trim();
    if (!expression) return true;
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: business, sk: DIRECTORY_KEYS.clientSk },
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(twilioNumber)',
          // Both are DynamoDB reserved words.
          ...(expression.includes('#hours')
            ? { ExpressionAttributeNames: { '#hours': 'hours', '#zone': 'timeZone' } }
            : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
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
