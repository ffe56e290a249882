import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyIndexKey, indexKeysOf, type IndexKey } from './index-key-check';
import { failsOnStoredItem, requestRefusal, type ActionShape } from './transaction-validation';

/**
 * dynalite speaks the DynamoDB protocol but has no TransactWriteItems. This front server passes every other request
 * through to it untouched and carries out TransactWriteItems itself with DynamoDB's documented semantics:
 * - all or nothing: every action's condition is checked by dynalite itself; if any fails, the ones applied are put
 *   back to their image before the transaction and the answer is TransactionCanceledException with one
 *   CancellationReason per action (the old item with ReturnValuesOnConditionCheckFailure=ALL_OLD);
 * - isolated: a transaction runs alone (every other request waits for it, and it waits for those in flight);
 * - checked as a whole first (local/transaction-validation.ts): a malformed request (too few or too many actions, a
 *   condition check without a condition, more than 4 MB, a bad expression, a missing table) is refused with nothing
 *   applied, even when a condition of another action fails; an error that depends on the stored item (an update past
 *   400 KB, a key attribute changed) cancels it with a ValidationError reason;
 * - never two actions on the same item;
 * - idempotent by ClientRequestToken for 10 minutes (the SDK fills the token and keeps it across its retries),
 *   IdempotentParameterMismatchException when a token comes back with other parameters;
 * - atomic across a crash: the images before the transaction are journalled (in the table `__transactions`) before
 *   anything is applied, and a front started on the same data rolls back whatever a killed one left half done.
 */
export async function startTransactionFront(backendPort: number, port: number): Promise<Server> {
  const lock = new ReadWriteLock();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const tokens = new Map<string, { hash: string; at: number; status: number; body: string }>();
  const schemas = new Map<string, { key: string[]; indexKeys: IndexKey[] }>();

  const forward = (
    headers: IncomingMessage['headers'],
    target: string,
    body: string,
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: backendPort,
          method: 'POST',
          path: '/',
          agent,
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

  const call = async (headers: IncomingMessage['headers'], action: string, input: unknown) => {
    const { status, body } = await forward(headers, `DynamoDB_20120810.${action}`, JSON.stringify(input));
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
  };

  const schemaOf = async (headers: IncomingMessage['headers'], table: string) => {
    let schema = schemas.get(table);
    if (!schema) {
      const described = await call(headers, 'DescribeTable', { TableName: table });
      if (!described.ok) throw Object.assign(new Error('ResourceNotFoundException'), { reply: described });
      const description = described.parsed.Table as Parameters<typeof indexKeysOf>[0] & {
        KeySchema: Array<{ AttributeName: string }>;
      };
      schema = {
        key: description.KeySchema.map((element) => element.AttributeName),
        indexKeys: indexKeysOf(description),
      };
      schemas.set(table, schema);
    }
    return schema;
  };

  const keyOf = async (headers: IncomingMessage['headers'], table: string, item: Record<string, unknown>) => {
    const { key } = await schemaOf(headers, table);
    return Object.fromEntries(key.map((name) => [name, item[name]]));
  };

  /** An empty value for an index key in a put or an update: refused as DynamoDB refuses it (index-key-check.ts). */
  const indexKeyRefusal = async (headers: IncomingMessage['headers'], spec: ActionSpec) => {
    const schema = await schemaOf(headers, spec.TableName).catch(() => undefined);
    const refusal = schema && emptyIndexKey(spec as Parameters<typeof emptyIndexKey>[0], schema.indexKeys);
    return refusal ? error(400, 'ValidationException', refusal) : undefined;
  };

  const JOURNAL = '__transactions';
  const journalHeaders = {
    authorization:
      'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    'x-amz-date': '20200101T000000Z',
    'content-type': 'application/x-amz-json-1.0',
  };
  type Image = { table: string; key: Record<string, unknown>; before?: Record<string, unknown> };
  const restore = async (images: Image[]) => {
    for (const image of [...images].reverse()) {
      const undo = image.before
        ? await call(journalHeaders, 'PutItem', { TableName: image.table, Item: image.before })
        : await call(journalHeaders, 'DeleteItem', { TableName: image.table, Key: image.key });
      if (!undo.ok) throw new Error(`could not undo a transaction: ${JSON.stringify(undo.parsed)}`);
    }
  };

  async function transact(headers: IncomingMessage['headers'], raw: string): Promise<{ status: number; body: string }> {
    const input = JSON.parse(raw) as {
      TransactItems?: TransactItem[];
      ClientRequestToken?: string;
      ReturnConsumedCapacity?: string;
    };
    const items = input.TransactItems ?? [];
    const refusal = requestRefusal(
      items.map((item) => {
        const [kind, spec] = Object.entries(item)[0] as [Action['kind'], ActionSpec];
        return { kind, spec: spec as ActionShape };
      }),
    );
    if (refusal) return error(400, 'ValidationException', refusal);
    const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    const now = Date.now();
    for (const [token, seen] of tokens) if (now - seen.at > 600_000) tokens.delete(token);
    const seen = input.ClientRequestToken ? tokens.get(input.ClientRequestToken) : undefined;
    if (seen)
      return seen.hash === hash
        ? seen
        : error(
            400,
            'IdempotentParameterMismatchException',
            'The request uses the same client token as a previous, but non-identical request.',
          );

    const actions: Action[] = [];
    for (const item of items) {
      const [kind, spec] = Object.entries(item)[0] as [Action['kind'], ActionSpec];
      let key = spec.Key;
      try {
        key ??= await keyOf(headers, spec.TableName, spec.Item ?? {});
      } catch (failure) {
        // A Put on a table that does not exist: DynamoDB's ResourceNotFoundException, not a failure of the layer.
        const reply = (failure as { reply?: { status: number; parsed: unknown } }).reply;
        if (!reply) throw failure;
        return { status: reply.status, body: JSON.stringify(reply.parsed) };
      }
      actions.push({ kind, spec, key, identity: `${spec.TableName}|${JSON.stringify(key)}` });
    }
    if (new Set(actions.map((action) => action.identity)).size !== actions.length) {
      return error(400, 'ValidationException', 'Transaction request cannot include multiple operations on one item');
    }
    for (const action of actions) {
      const refused =
        action.kind === 'Put' || action.kind === 'Update' ? await indexKeyRefusal(headers, action.spec) : undefined;
      if (refused) return refused;
    }

    // The transaction holds the lock alone and its items are distinct: their reads, then their writes, go in parallel.
    const gotten = await Promise.all(
      actions.map((action) =>
        call(headers, 'GetItem', { TableName: action.spec.TableName, Key: action.key, ConsistentRead: true }),
      ),
    );
    const unreadable = gotten.find((got) => !got.ok);
    if (unreadable) return { status: unreadable.status, body: JSON.stringify(unreadable.parsed) };
    const before = gotten.map((got) => got.parsed.Item as Record<string, unknown> | undefined);

    const journalId = `${now}-${Math.random().toString(36).slice(2)}`;
    const images: Image[] = actions.map((action, index) => ({
      table: action.spec.TableName,
      key: action.key,
      ...(before[index] ? { before: before[index] } : {}),
    }));
    const journalled = await call(headers, 'PutItem', {
      TableName: JOURNAL,
      Item: { id: { S: journalId }, images: { S: JSON.stringify(images) } },
    });
    if (!journalled.ok) return { status: journalled.status, body: JSON.stringify(journalled.parsed) };

    const applied: number[] = [];
    const reasons: Array<Record<string, unknown>> = [];
    let failure: { status: number; body: string } | undefined;
    const capacity = new Map<string, number>();
    const results = await Promise.all(
      actions.map((action, index) => {
        const conditions = pickDefined(action.spec, [
          'ConditionExpression',
          'ExpressionAttributeNames',
          'ExpressionAttributeValues',
        ]);
        const request =
          action.kind === 'Put'
            ? ['PutItem', { TableName: action.spec.TableName, Item: action.spec.Item, ...conditions }]
            : action.kind === 'Update'
              ? [
                  'UpdateItem',
                  {
                    TableName: action.spec.TableName,
                    Key: action.key,
                    UpdateExpression: action.spec.UpdateExpression,
                    ...conditions,
                  },
                ]
              : action.kind === 'Delete'
                ? ['DeleteItem', { TableName: action.spec.TableName, Key: action.key, ...conditions }]
                : // A condition check writes the item back as it was (or its bare key), under the condition; undone below.
                  ['PutItem', { TableName: action.spec.TableName, Item: before[index] ?? action.key, ...conditions }];
        return call(headers, request[0] as string, { ...(request[1] as object), ReturnConsumedCapacity: 'TOTAL' });
      }),
    );
    for (const [index, action] of actions.entries()) {
      const result = results[index] as Awaited<ReturnType<typeof call>>;
      if (result.ok) {
        applied.push(index);
        const units = Number(
          (result.parsed.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 1,
        );
        capacity.set(action.spec.TableName, (capacity.get(action.spec.TableName) ?? 0) + units);
        reasons.push({ Code: 'None' });
      } else if (result.type === 'ConditionalCheckFailedException') {
        reasons.push({
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(action.spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && before[index]
            ? { Item: before[index] }
            : {}),
        });
      } else {
        const message = String(result.parsed.message ?? result.parsed.Message ?? '');
        const onStoredItem = result.type === 'ValidationException' && failsOnStoredItem(message);
        reasons.push({
          Code: onStoredItem ? 'ValidationError' : result.type.replace(/Exception$/, ''),
          Message: message,
        });
        // Anything else is a malformed request: refused as a whole, whatever the conditions say.
        if (!onStoredItem) failure ??= { status: result.status, body: JSON.stringify(result.parsed) };
      }
    }

    const cancelled = reasons.some((reason) => reason.Code !== 'None');
    // Undo: everything a cancelled transaction applied, and the bare keys written for condition checks.
    for (const index of applied.reverse()) {
      const action = actions[index] as Action;
      if (!cancelled && !(action.kind === 'ConditionCheck' && before[index] === undefined)) continue;
      const image = before[index];
      const undo = image
        ? await call(headers, 'PutItem', { TableName: action.spec.TableName, Item: image })
        : await call(headers, 'DeleteItem', { TableName: action.spec.TableName, Key: action.key });
      if (!undo.ok) throw new Error(`could not undo a cancelled transaction: ${JSON.stringify(undo.parsed)}`);
    }
    await call(headers, 'DeleteItem', { TableName: JOURNAL, Key: { id: { S: journalId } } });
    if (failure) return failure;
    if (cancelled) {
      const body = {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
        CancellationReasons: reasons,
      };
      return { status: 400, body: JSON.stringify(body) };
    }
    // A transactional write costs twice the write units of the same writes made alone.
    const consumed = [...capacity].map(([table, units]) => ({
      TableName: table,
      CapacityUnits: 2 * units,
      WriteCapacityUnits: 2 * units,
    }));
    const answer = {
      status: 200,
      body: JSON.stringify(
        input.ReturnConsumedCapacity && input.ReturnConsumedCapacity !== 'NONE' ? { ConsumedCapacity: consumed } : {},
      ),
    };
    if (input.ClientRequestToken) tokens.set(input.ClientRequestToken, { ...answer, hash, at: now });
    return answer;
  }

  // The journal: created once per data directory; what a killed front left in it is rolled back before serving.
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
  for (const entry of (pending.parsed.Items as Array<{ id: { S: string }; images: { S: string } }> | undefined) ?? []) {
    await restore(JSON.parse(entry.images.S) as Image[]);
    await call(journalHeaders, 'DeleteItem', { TableName: JOURNAL, Key: { id: entry.id } });
  }

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      const transactional = target.endsWith('.TransactWriteItems');
      const run = transactional
        ? lock.exclusive(() => transact(request.headers, body))
        : lock.shared(async () => {
            // A table created, changed or deleted: its schema is read again when next needed.
            if (/\.(Create|Update|Delete)Table$/.test(target)) schemas.clear();
            if (/\.(PutItem|UpdateItem)$/.test(target)) {
              const refused = await indexKeyRefusal(request.headers, JSON.parse(body) as ActionSpec);
              if (refused) return refused;
            }
            const answer = await forward(request.headers, target, body);
            return { status: answer.status, body: answer.body };
          });
      run.then(
        (answer) => {
          response.writeHead(answer.status, {
            'content-type': 'application/x-amz-json-1.0',
            'x-amzn-requestid': 'local',
            'content-length': Buffer.byteLength(answer.body),
          });
          response.end(answer.body);
        },
        (failure: unknown) => {
          const body = JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: String(failure),
          });
          response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(body);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('close', () => agent.destroy());
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

type ActionSpec = {
  TableName: string;
  Key?: Record<string, unknown>;
  Item?: Record<string, unknown>;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure?: string;
};
type TransactItem = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', ActionSpec>>;
type Action = {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  spec: ActionSpec;
  key: Record<string, unknown>;
  identity: string;
};

function error(status: number, type: string, message: string) {
  return { status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }) };
}

function pick(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['authorization', 'x-amz-date', 'content-type', 'x-amz-security-token']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}

function pickDefined(spec: ActionSpec, names: Array<keyof ActionSpec>): Partial<ActionSpec> {
  return Object.fromEntries(names.filter((name) => spec[name] !== undefined).map((name) => [name, spec[name]]));
}

/** Many shared holders or one exclusive holder; an exclusive request waits for the shared ones in flight and blocks new ones. */
class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ exclusive: boolean; start: () => void }> = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.acquire(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.acquire(true, work);
  }

  private acquire<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (exclusive) this.writer = true;
        else this.readers += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            if (exclusive) this.writer = false;
            else this.readers -= 1;
            this.drain();
          });
      };
      this.queue.push({ exclusive, start });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0] as { exclusive: boolean; start: () => void };
      if (next.exclusive && this.readers > 0) return;
      this.queue.shift();
      next.start();
      if (next.exclusive) return;
    }
  }
}
