import type { IncomingMessage } from 'node:http';
import type { Answer, DynamoBackend } from './dynamo-backend';

/** An item as it was before a transaction touched it (no `before`: it did not exist). */
export type Image = { table: string; key: Record<string, unknown>; before?: Record<string, unknown> };

const JOURNAL = '__transactions';
const journalHeaders = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20200101T000000Z',
  'content-type': 'application/x-amz-json-1.0',
};

/**
 * Atomic across a crash: the images before a transaction are journalled (in the table `__transactions`) before
 * anything is applied, and a front started on the same data rolls back whatever a killed one left half done.
 */
export class TransactionJournal {
  constructor(private readonly backend: DynamoBackend) {}

  /** Created once per data directory; what a killed front left in it is rolled back before serving. */
  async open(): Promise<void> {
    const call = this.backend.call.bind(this.backend);
    const created = await call(journalHeaders, 'CreateTable', {
      TableName: JOURNAL,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    if (!created.ok && created.type !== 'ResourceInUseException')
      throw new Error(`could not create the transaction journal: ${JSON.stringify(created.parsed)}`);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const described = await call(journalHeaders, 'DescribeTable', { TableName: JOURNAL });
      if ((described.parsed.Table as { TableStatus?: string } | undefined)?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const pending = await call(journalHeaders, 'Scan', { TableName: JOURNAL, ConsistentRead: true });
    for (const entry of (pending.parsed.Items as Array<{ id: { S: string }; images: { S: string } }> | undefined) ??
      []) {
      await this.restore(JSON.parse(entry.images.S) as Image[]);
      await call(journalHeaders, 'DeleteItem', { TableName: JOURNAL, Key: { id: entry.id } });
    }
  }

  /** Journals a transaction's images under `id`; the backend's answer when it could not. */
  async record(headers: IncomingMessage['headers'], id: string, images: Image[]): Promise<Answer | undefined> {
    const journalled = await this.backend.call(headers, 'PutItem', {
      TableName: JOURNAL,
      Item: { id: { S: id }, images: { S: JSON.stringify(images) } },
    });
    return journalled.ok ? undefined : { status: journalled.status, body: JSON.stringify(journalled.parsed) };
  }

  /** The transaction finished (applied or undone): its entry goes. */
  async clear(headers: IncomingMessage['headers'], id: string): Promise<void> {
    await this.backend.call(headers, 'DeleteItem', { TableName: JOURNAL, Key: { id: { S: id } } });
  }

  private async restore(images: Image[]): Promise<void> {
    for (const image of [...images].reverse()) {
      const undo = image.before
        ? await this.backend.call(journalHeaders, 'PutItem', { TableName: image.table, Item: image.before })
        : await this.backend.call(journalHeaders, 'DeleteItem', { TableName: image.table, Key: image.key });
      if (!undo.ok) throw new Error(`could not undo a transaction: ${JSON.stringify(undo.parsed)}`);
    }
  }
}
