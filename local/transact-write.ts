import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { dynamoError, type ActionSpec, type Answer, type DynamoBackend, type Reply } from './dynamo-backend';
import type { Image, TransactionJournal } from './transaction-journal';
import { failsOnStoredItem, requestRefusal, type ActionShape } from './transaction-validation';

type TransactItem = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', ActionSpec>>;
type Action = {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  spec: ActionSpec;
  key: Record<string, unknown>;
  identity: string;
};
/** What the writes did: the actions applied, one CancellationReason per action, a malformed request's answer, units per table. */
type Outcome = {
  applied: number[];
  reasons: Array<Record<string, unknown>>;
  failure: Answer | undefined;
  capacity: Map<string, number>;
};

/** TransactWriteItems with DynamoDB's documented semantics, over a backend that has none (local/dynamo-transactions.ts). */
export class TransactWrites {
  /** ClientRequestTokens seen in the last 10 minutes, with the request's hash and its answer. */
  private readonly tokens = new Map<string, { hash: string; at: number; status: number; body: string }>();

  constructor(
    private readonly backend: DynamoBackend,
    private readonly journal: TransactionJournal,
  ) {}

  async transact(headers: IncomingMessage['headers'], raw: string): Promise<Answer> {
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
    if (refusal) return dynamoError(400, 'ValidationException', refusal);
    const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    const now = Date.now();
    const replayed = this.replayed(input.ClientRequestToken, hash, now);
    if (replayed) return replayed;

    const actions = await this.actionsOf(headers, items);
    if (!Array.isArray(actions)) return actions;
    const refused = await this.itemRefusal(headers, actions);
    if (refused) return refused;

    // The transaction holds the lock alone and its items are distinct: their reads, then their writes, go in parallel.
    const gotten = await Promise.all(
      actions.map((action) =>
        this.backend.call(headers, 'GetItem', {
          TableName: action.spec.TableName,
          Key: action.key,
          ConsistentRead: true,
        }),
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
    const notJournalled = await this.journal.record(headers, journalId, images);
    if (notJournalled) return notJournalled;

    const results = await Promise.all(
      actions.map((action, index) => {
        const [name, request] = writeRequest(action, before[index]);
        return this.backend.call(headers, name, { ...request, ReturnConsumedCapacity: 'TOTAL' });
      }),
    );
    const outcome = outcomeOf(actions, results, before);
    const cancelled = outcome.reasons.some((reason) => reason.Code !== 'None');
    await this.undo(headers, actions, before, outcome.applied, cancelled);
    await this.journal.clear(headers, journalId);
    if (outcome.failure) return outcome.failure;
    if (cancelled) return cancelledAnswer(outcome.reasons);
    const answer = appliedAnswer(outcome.capacity, input.ReturnConsumedCapacity);
    if (input.ClientRequestToken) this.tokens.set(input.ClientRequestToken, { ...answer, hash, at: now });
    return answer;
  }

  /** Idempotent by ClientRequestToken for 10 minutes; the same token with other parameters is refused. */
  private replayed(token: string | undefined, hash: string, now: number): Answer | undefined {
    for (const [seenToken, seen] of this.tokens) if (now - seen.at > 600_000) this.tokens.delete(seenToken);
    const seen = token ? this.tokens.get(token) : undefined;
    if (!seen) return undefined;
    return seen.hash === hash
      ? seen
      : dynamoError(
          400,
          'IdempotentParameterMismatchException',
          'The request uses the same client token as a previous, but non-identical request.',
        );
  }

  /** Each action with its item's key (a Put's from its item and the table's key schema). */
  private async actionsOf(headers: IncomingMessage['headers'], items: TransactItem[]): Promise<Action[] | Answer> {
    const actions: Action[] = [];
    for (const item of items) {
      const [kind, spec] = Object.entries(item)[0] as [Action['kind'], ActionSpec];
      let key = spec.Key;
      try {
        key ??= await this.backend.keyOf(headers, spec.TableName, spec.Item ?? {});
      } catch (failure) {
        // A Put on a table that does not exist: DynamoDB's ResourceNotFoundException, not a failure of the layer.
        const reply = (failure as { reply?: { status: number; parsed: unknown } }).reply;
        if (!reply) throw failure;
        return { status: reply.status, body: JSON.stringify(reply.parsed) };
      }
      actions.push({ kind, spec, key, identity: `${spec.TableName}|${JSON.stringify(key)}` });
    }
    return actions;
  }

  /** Never two actions on the same item, and no empty index key in a put or an update. */
  private async itemRefusal(headers: IncomingMessage['headers'], actions: Action[]): Promise<Answer | undefined> {
    if (new Set(actions.map((action) => action.identity)).size !== actions.length) {
      return dynamoError(
        400,
        'ValidationException',
        'Transaction request cannot include multiple operations on one item',
      );
    }
    for (const action of actions) {
      const refused =
        action.kind === 'Put' || action.kind === 'Update'
          ? await this.backend.indexKeyRefusal(headers, action.spec)
          : undefined;
      if (refused) return refused;
    }
    return undefined;
  }

  /** Undo: everything a cancelled transaction applied, and the bare keys written for condition checks. */
  private async undo(
    headers: IncomingMessage['headers'],
    actions: Action[],
    before: Array<Record<string, unknown> | undefined>,
    applied: number[],
    cancelled: boolean,
  ): Promise<void> {
    for (const index of applied.reverse()) {
      const action = actions[index] as Action;
      if (!cancelled && !(action.kind === 'ConditionCheck' && before[index] === undefined)) continue;
      const image = before[index];
      const undo = image
        ? await this.backend.call(headers, 'PutItem', { TableName: action.spec.TableName, Item: image })
        : await this.backend.call(headers, 'DeleteItem', { TableName: action.spec.TableName, Key: action.key });
      if (!undo.ok) throw new Error(`could not undo a cancelled transaction: ${JSON.stringify(undo.parsed)}`);
    }
  }
}

/** The single-item write that carries out an action under its condition. */
function writeRequest(action: Action, before: Record<string, unknown> | undefined): [string, object] {
  const conditions = pickDefined(action.spec, [
    'ConditionExpression',
    'ExpressionAttributeNames',
    'ExpressionAttributeValues',
  ]);
  const { TableName } = action.spec;
  if (action.kind === 'Put') return ['PutItem', { TableName, Item: action.spec.Item, ...conditions }];
  if (action.kind === 'Update')
    return [
      'UpdateItem',
      { TableName, Key: action.key, UpdateExpression: action.spec.UpdateExpression, ...conditions },
    ];
  if (action.kind === 'Delete') return ['DeleteItem', { TableName, Key: action.key, ...conditions }];
  // A condition check writes the item back as it was (or its bare key), under the condition; undone afterwards.
  return ['PutItem', { TableName, Item: before ?? action.key, ...conditions }];
}

/** One CancellationReason per action, from the writes' replies. */
function outcomeOf(actions: Action[], results: Reply[], before: Array<Record<string, unknown> | undefined>): Outcome {
  const outcome: Outcome = { applied: [], reasons: [], failure: undefined, capacity: new Map() };
  for (const [index, action] of actions.entries()) {
    const result = results[index] as Reply;
    if (result.ok) {
      outcome.applied.push(index);
      const units = Number(
        (result.parsed.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 1,
      );
      outcome.capacity.set(action.spec.TableName, (outcome.capacity.get(action.spec.TableName) ?? 0) + units);
      outcome.reasons.push({ Code: 'None' });
    } else if (result.type === 'ConditionalCheckFailedException') {
      outcome.reasons.push({
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        ...(action.spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && before[index]
          ? { Item: before[index] }
          : {}),
      });
    } else {
      const message = String(result.parsed.message ?? result.parsed.Message ?? '');
      const onStoredItem = result.type === 'ValidationException' && failsOnStoredItem(message);
      outcome.reasons.push({
        Code: onStoredItem ? 'ValidationError' : result.type.replace(/Exception$/, ''),
        Message: message,
      });
      // Anything else is a malformed request: refused as a whole, whatever the conditions say.
      if (!onStoredItem) outcome.failure ??= { status: result.status, body: JSON.stringify(result.parsed) };
    }
  }
  return outcome;
}

function cancelledAnswer(reasons: Array<Record<string, unknown>>): Answer {
  const body = {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    CancellationReasons: reasons,
  };
  return { status: 400, body: JSON.stringify(body) };
}

/** A transactional write costs twice the write units of the same writes made alone. */
function appliedAnswer(capacity: Map<string, number>, returnConsumedCapacity: string | undefined): Answer {
  const consumed = [...capacity].map(([table, units]) => ({
    TableName: table,
    CapacityUnits: 2 * units,
    WriteCapacityUnits: 2 * units,
  }));
  return {
    status: 200,
    body: JSON.stringify(
      returnConsumedCapacity && returnConsumedCapacity !== 'NONE' ? { ConsumedCapacity: consumed } : {},
    ),
  };
}

function pickDefined(spec: ActionSpec, names: Array<keyof ActionSpec>): Partial<ActionSpec> {
  return Object.fromEntries(names.filter((name) => spec[name] !== undefined).map((name) => [name, spec[name]]));
}
