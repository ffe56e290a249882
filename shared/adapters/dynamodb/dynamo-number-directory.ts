import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseNumberRole, type Client, type NumberRecord } from '../../domain/numbers/number-role';
import type { E164 } from '../../domain/numbers/phone-number';
import type { NumberDirectory, NumberEntry } from '../../ports/number-directory';
import type { NumberRegistry } from '../../ports/number-registry';
import { DIRECTORY_KEYS, isFreePoolNumber } from './tables';

type Item = Record<string, unknown>;

/** Numbers and their owning clients in the directory table (see tables.ts for the key design). */
export class DynamoNumberDirectory implements NumberDirectory, NumberRegistry {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query: the number record and the client that owns the number share a partition. */
  async lookup(phone: E164): Promise<NumberEntry> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :phone', ExpressionAttributeValues: { ':phone': phone } }),
    );
    const entry: NumberEntry = {};
    for (const item of Items) {
      if (item.sk === DIRECTORY_KEYS.numberSk) entry.record = toNumberRecord(item);
      if (item.sk === DIRECTORY_KEYS.clientSk) entry.owner = toClient(item);
    }
    return entry;
  }

  async putNumber(record: NumberRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: record.phone,
          sk: DIRECTORY_KEYS.numberSk,
          phone: record.phone,
          role: record.role,
          status: record.status,
          clientId: record.clientId,
          ...(isFreePoolNumber(record) ? { [DIRECTORY_KEYS.poolSlot]: DIRECTORY_KEYS.poolSlotAvailable } : {}),
          updatedAt: new Date().toISOString(),
        },
      }),
    );
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
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: phone, sk: DIRECTORY_KEYS.numberSk } }));
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
    const item = Items.find(hasNumber);
    return item ? toClient(item) : undefined;
  }

  async listNumbers(): Promise<NumberRecord[]> {
    return (await this.scanBySortKey(DIRECTORY_KEYS.numberSk)).map(toNumberRecord);
  }

  async listClients(): Promise<Client[]> {
    return (await this.scanBySortKey(DIRECTORY_KEYS.clientSk)).filter(hasNumber).map(toClient);
  }

  /** Every NUMBER or CLIENT item, a page at a time through the byKind index: a Query, never a Scan. */
  private async scanBySortKey(sk: string): Promise<Item[]> {
    return queryByKind(this.db, this.tableName, sk);
  }
}

/** Pages through the byKind index for one kind of directory item (NUMBER or CLIENT). */
export async function queryByKind(
  db: DynamoDBDocumentClient,
  tableName: string,
  kind: string,
  filter: { FilterExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } = {},
  /** Called with the items read so far while more pages follow. */
  onPage?: (itemsSoFar: number) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: DIRECTORY_KEYS.byKindIndex,
        KeyConditionExpression: '#kind = :kind',
        ...filter,
        ExpressionAttributeNames: { '#kind': 'sk', ...filter.ExpressionAttributeNames },
        ExpressionAttributeValues: { ':kind': kind, ...filter.ExpressionAttributeValues },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
    if (ExclusiveStartKey) onPage?.(items.length);
  } while (ExclusiveStartKey);
  return items;
}

export function toNumberRecord(item: Item): NumberRecord {
  return {
    phone: String(item.pk) as E164,
    role: parseNumberRole(item.role),
    ...(typeof item.status === 'string' ? { status: item.status } : {}),
    ...(typeof item.clientId === 'string' ? { clientId: item.clientId } : {}),
  };
}

/** Clients whose number was released live at `CLIENT#<id>` with no number (see DynamoNumberAdmin): not a Client here. */
function hasNumber(item: Item): boolean {
  return typeof item.twilioNumber === 'string';
}

/** The client record lives in its number's partition, so one Query on the number finds it. */
export function toClientItem(client: Client): Item {
  return {
    pk: client.twilioNumber,
    sk: DIRECTORY_KEYS.clientSk,
    clientId: client.id,
    businessName: client.businessName,
    ownerPhone: client.ownerPhone,
    twilioNumber: client.twilioNumber,
  };
}

export function toClient(item: Item): Client {
  return {
    id: String(item.clientId),
    businessName: String(item.businessName),
    ownerPhone: String(item.ownerPhone) as E164,
    twilioNumber: String(item.twilioNumber) as E164,
  };
}
