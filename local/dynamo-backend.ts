import http, { type IncomingMessage } from 'node:http';
import { emptyIndexKey, indexKeysOf, type IndexKey } from './index-key-check';

/** One action of a TransactWriteItems request, as DynamoDB's JSON protocol spells it. */
export type ActionSpec = {
  TableName: string;
  Key?: Record<string, unknown>;
  Item?: Record<string, unknown>;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure?: string;
};

/** An answer to the client, as DynamoDB's JSON protocol spells it. */
export type Answer = { status: number; body: string };

/** dynalite's answer to one call, parsed, with its error type (`ConditionalCheckFailedException`...) when it failed. */
export type Reply = { ok: boolean; status: number; parsed: Record<string, unknown>; type: string };

export function dynamoError(status: number, type: string, message: string): Answer {
  return { status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }) };
}

/**
 * The dynalite server behind the transaction front: requests forwarded with the client's own signing headers, and
 * each table's key schema read once (until a table is created, changed or deleted).
 */
export class DynamoBackend {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly schemas = new Map<string, { key: string[]; indexKeys: IndexKey[] }>();

  constructor(private readonly port: number) {}

  forward(
    headers: IncomingMessage['headers'],
    target: string,
    body: string,
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: { ...pick(headers), 'x-amz-target': target, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 500,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: response.headers,
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  async call(headers: IncomingMessage['headers'], action: string, input: unknown): Promise<Reply> {
    const { status, body } = await this.forward(headers, `DynamoDB_20120810.${action}`, JSON.stringify(input));
    const parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    return {
      ok: status === 200,
      status,
      parsed,
      type:
        String(parsed.__type ?? '')
          .split('#')
          .pop() ?? '',
    };
  }

  /** A table created, changed or deleted: its schema is read again when next needed. */
  forgetSchemas(): void {
    this.schemas.clear();
  }

  async keyOf(
    headers: IncomingMessage['headers'],
    table: string,
    item: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const { key } = await this.schemaOf(headers, table);
    return Object.fromEntries(key.map((name) => [name, item[name]]));
  }

  /** An empty value for an index key in a put or an update: refused as DynamoDB refuses it (index-key-check.ts). */
  async indexKeyRefusal(headers: IncomingMessage['headers'], spec: ActionSpec): Promise<Answer | undefined> {
    const schema = await this.schemaOf(headers, spec.TableName).catch(() => undefined);
    const refusal = schema && emptyIndexKey(spec as Parameters<typeof emptyIndexKey>[0], schema.indexKeys);
    return refusal ? dynamoError(400, 'ValidationException', refusal) : undefined;
  }

  close(): void {
    this.agent.destroy();
  }

  private async schemaOf(headers: IncomingMessage['headers'], table: string) {
    let schema = this.schemas.get(table);
    if (!schema) {
      const described = await this.call(headers, 'DescribeTable', { TableName: table });
      if (!described.ok) throw Object.assign(new Error('ResourceNotFoundException'), { reply: described });
      const description = described.parsed.Table as Parameters<typeof indexKeysOf>[0] & {
        KeySchema: Array<{ AttributeName: string }>;
      };
      schema = {
        key: description.KeySchema.map((element) => element.AttributeName),
        indexKeys: indexKeysOf(description),
      };
      this.schemas.set(table, schema);
    }
    return schema;
  }
}

function pick(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['authorization', 'x-amz-date', 'content-type', 'x-amz-security-token']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}
