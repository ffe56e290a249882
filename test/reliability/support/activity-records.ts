import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;

/** One outbound SMS as recorded on an item: `{ state: 'sent' | 'failed' | 'skipped', ... }` anywhere inside it. */
export interface RecordedDelivery {
  pk: string;
  sk: string;
  /** The state of the item the delivery is recorded on (e.g. SEND_FAILED). */
  itemState: unknown;
  state: 'sent' | 'failed' | 'skipped';
  sid?: string;
  providerCode?: number;
}

/** Every item of a table, read directly (not through the functions' client, which a test may be breaking). */
export async function scanTable(endpoint: string, tableName: string): Promise<Item[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
    }),
  );
  try {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  } finally {
    db.destroy();
  }
}

/** Every Delivery recorded anywhere in the items (calls, messages, jobs), wherever the record keeps it. */
export function recordedDeliveries(items: readonly Item[]): RecordedDelivery[] {
  const found: RecordedDelivery[] = [];
  for (const item of items) {
    walk(item, (value) => {
      const state = value.state;
      if (state !== 'sent' && state !== 'failed' && state !== 'skipped') return;
      found.push({
        pk: String(item.pk),
        sk: String(item.sk),
        itemState: item.state,
        state,
        ...(typeof value.sid === 'string' ? { sid: value.sid } : {}),
        ...(typeof value.providerCode === 'number' ? { providerCode: value.providerCode } : {}),
      });
    });
  }
  return found;
}

/** Inbound messages by MessageSid: the MESSAGE#<sid> record, and how many times each sid sits on a job. */
export function storedMessages(items: readonly Item[]): { records: Map<string, Item>; onJobs: Map<string, number> } {
  const records = new Map<string, Item>();
  const onJobs = new Map<string, number>();
  for (const item of items) {
    const pk = String(item.pk);
    if (pk.startsWith('MESSAGE#')) records.set(pk.slice('MESSAGE#'.length), item);
    if (!isJobItem(item)) continue;
    const messages = Array.isArray(item.messages) ? item.messages : [];
    for (const message of messages as Item[]) {
      if (typeof message?.messageSid === 'string')
        onJobs.set(message.messageSid, (onJobs.get(message.messageSid) ?? 0) + 1);
    }
    // A job stored as one item per message.
    if (typeof item.messageSid === 'string' && messages.length === 0)
      onJobs.set(item.messageSid, (onJobs.get(item.messageSid) ?? 0) + 1);
  }
  return { records, onJobs };
}

/** Call records by CallSid. */
export function callRecords(items: readonly Item[]): Map<string, Item> {
  const calls = new Map<string, Item>();
  for (const item of items) {
    const pk = String(item.pk);
    if (pk.startsWith('CALL#')) calls.set(pk.slice('CALL#'.length), item);
  }
  return calls;
}

/** Job items: a customer's job with its messages (keys `CLIENT#..`/`OPENJOB#..`, `JOB#..` or `BUSINESS#..`/`JOB#..`). */
function isJobItem(item: Item): boolean {
  const keys = `${String(item.pk)} ${String(item.sk)}`;
  return /(^|[ #])(OPEN)?JOB#/.test(keys);
}

function walk(value: unknown, visit: (value: Item) => void): void {
  if (Array.isArray(value)) {
    for (const entry of value) walk(entry, visit);
  } else if (value !== null && typeof value === 'object') {
    visit(value as Item);
    for (const entry of Object.values(value as Item)) walk(entry, visit);
  }
}
