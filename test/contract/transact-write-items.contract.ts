import { startContractServer, type ContractServer } from './support/contract-server';
import { itemAt, kilobytes, transact, type RawTransactItem } from './support/raw';

// TransactWriteItems as the adapters rely on it (shared/adapters/dynamodb/transactions.ts): all or nothing, one
// CancellationReason per action, and DynamoDB's limits. dynalite has no transactions: local/dynamo-transactions.ts
// carries them out, and DynamoDB Local is the referee it must agree with.
describe('TransactWriteItems', () => {
  let server: ContractServer;
  let table: string;
  const key = (pk: string) => ({ pk, sk: 'X' });
  const put = (pk: string, extra: Record<string, unknown> = {}): RawTransactItem => ({
    Put: { TableName: table, Item: { ...key(pk), ...extra } },
  });
  const putIfAbsent = (pk: string, extra: Record<string, unknown> = {}): RawTransactItem => ({
    Put: { TableName: table, Item: { ...key(pk), ...extra }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const increment = (pk: string): RawTransactItem => ({
    Update: {
      TableName: table,
      Key: key(pk),
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });
  const get = (pk: string) => itemAt(server, table, key(pk));

  beforeAll(async () => {
    server = await startContractServer();
    table = server.tables.activityTable;
  });
  afterAll(() => server.close());

  describe('all or nothing', () => {
    it('applies a put, an update, a delete and a condition check together when every condition holds', async () => {
      await transact(server, [put('all-1-gone'), put('all-1-checked')]);
      const outcome = await transact(server, [
        putIfAbsent('all-1-new', { v: 1 }),
        increment('all-1-counted'),
        { Delete: { TableName: table, Key: key('all-1-gone') } },
        {
          ConditionCheck: { TableName: table, Key: key('all-1-checked'), ConditionExpression: 'attribute_exists(pk)' },
        },
      ]);
      expect(outcome.ok).toBe(true);
      expect([await get('all-1-new'), await get('all-1-counted'), await get('all-1-gone')]).toEqual([
        { ...key('all-1-new'), v: 1 },
        { ...key('all-1-counted'), n: 1 },
        undefined,
      ]);
    });

    it('applies nothing when one condition fails, and gives one reason per action in order', async () => {
      await transact(server, [put('all-2-taken', { v: 'old' })]);
      const outcome = await transact(server, [
        increment('all-2-counted'),
        putIfAbsent('all-2-taken', { v: 'new' }),
        put('all-2-fresh'),
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'TransactionCanceledException' });
      expect(outcome.ok || outcome.reasons?.map((reason) => reason.Code)).toEqual([
        'None',
        'ConditionalCheckFailed',
        'None',
      ]);
      expect([await get('all-2-counted'), await get('all-2-taken'), await get('all-2-fresh')]).toEqual([
        undefined,
        { ...key('all-2-taken'), v: 'old' },
        undefined,
      ]);
    });

    it('gives the item as it was on a failed condition that asked for ALL_OLD', async () => {
      await transact(server, [put('all-3', { v: 'old', n: 2 })]);
      const outcome = await transact(server, [
        { Put: { ...(putIfAbsent('all-3').Put as object), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as never },
      ]);
      expect(outcome.ok || outcome.reasons?.[0]).toEqual(
        expect.objectContaining({
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: 'all-3' }, sk: { S: 'X' }, v: { S: 'old' }, n: { N: '2' } },
        }),
      );
    });

    it('gives no item on a failed condition that did not ask for it', async () => {
      await transact(server, [put('all-4', { v: 'old' })]);
      const outcome = await transact(server, [putIfAbsent('all-4')]);
      expect(outcome.ok || outcome.reasons?.[0]?.Item).toBeUndefined();
    });

    it('gives no item on a failed ALL_OLD condition of an item that does not exist', async () => {
      const outcome = await transact(server, [
        {
          Update: {
            TableName: table,
            Key: key('all-5'),
            UpdateExpression: 'SET v = :v',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':v': 1 },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ]);
      expect(outcome.ok || outcome.reasons).toEqual([expect.objectContaining({ Code: 'ConditionalCheckFailed' })]);
      expect(outcome.ok || outcome.reasons?.[0]?.Item).toBeUndefined();
      expect(await get('all-5')).toBeUndefined();
    });

    it('cancels on a failed condition check and applies the other actions not at all', async () => {
      await transact(server, [put('all-6-checked')]);
      const outcome = await transact(server, [
        put('all-6-written'),
        {
          ConditionCheck: {
            TableName: table,
            Key: key('all-6-checked'),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      expect(outcome.ok || outcome.reasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
      expect(await get('all-6-written')).toBeUndefined();
    });

    it('leaves no item behind for a condition check on an item that does not exist', async () => {
      const outcome = await transact(server, [
        {
          ConditionCheck: {
            TableName: table,
            Key: key('all-7-absent'),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        put('all-7-written'),
      ]);
      expect(outcome.ok).toBe(true);
      expect(await get('all-7-absent')).toBeUndefined();
      expect(await get('all-7-written')).toBeDefined();
    });
  });

  describe('validation', () => {
    it('refuses a condition check without a condition', async () => {
      const outcome = await transact(server, [
        { ConditionCheck: { TableName: table, Key: key('val-1') } } as unknown as RawTransactItem,
        put('val-1-written'),
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('val-1-written')).toBeUndefined();
    });

    it('refuses the whole request for a malformed expression, before any condition is judged', async () => {
      await transact(server, [put('val-2-taken')]);
      const outcome = await transact(server, [
        putIfAbsent('val-2-taken'),
        {
          Update: {
            TableName: table,
            Key: key('val-2-updated'),
            UpdateExpression: 'SET = :v',
            ExpressionAttributeValues: { ':v': 1 },
          },
        },
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('val-2-updated')).toBeUndefined();
    });

    it('refuses the whole request for an expression value it never uses', async () => {
      const outcome = await transact(server, [
        put('val-3-written'),
        {
          Update: {
            TableName: table,
            Key: key('val-3-updated'),
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': 1, ':unused': 2 },
          },
        },
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('val-3-written')).toBeUndefined();
    });

    it('cancels for a ValidationError an update that would change a key attribute, and applies nothing', async () => {
      const outcome = await transact(server, [
        put('val-4-written'),
        {
          Update: {
            TableName: table,
            Key: key('val-4-updated'),
            UpdateExpression: 'SET sk = :sk',
            ExpressionAttributeValues: { ':sk': 'Y' },
          },
        },
      ]);
      // DynamoDB Local gives this reason alone, not one per action: only the reason is part of the contract.
      expect(outcome.ok || outcome.reasons?.map((reason) => reason.Code)).toContain('ValidationError');
      expect(await get('val-4-written')).toBeUndefined();
    });

    it('refuses a table that does not exist', async () => {
      const outcome = await transact(server, [{ Put: { TableName: 'no-such-table', Item: key('val-5') } }]);
      expect(outcome).toMatchObject({ ok: false, name: 'ResourceNotFoundException' });
    });

    it('refuses an update on a table that does not exist', async () => {
      const outcome = await transact(server, [
        {
          Update: {
            TableName: 'no-such-table',
            Key: key('val-6'),
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': 1 },
          },
        },
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ResourceNotFoundException' });
    });
  });

  describe("DynamoDB's limits", () => {
    it('accepts 100 actions and applies them all', async () => {
      const outcome = await transact(
        server,
        Array.from({ length: 100 }, (_, index) => put(`lim-1-${index}`)),
      );
      expect(outcome.ok).toBe(true);
      expect(await get('lim-1-0')).toBeDefined();
      expect(await get('lim-1-99')).toBeDefined();
    });

    it('refuses 101 actions and applies none of them', async () => {
      const outcome = await transact(
        server,
        Array.from({ length: 101 }, (_, index) => put(`lim-2-${index}`)),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(outcome.ok || outcome.message).toContain('less than or equal to 100');
      expect(await get('lim-2-0')).toBeUndefined();
    });

    it('refuses a transaction with no action', async () => {
      const outcome = await transact(server, []);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(outcome.ok || outcome.message).toContain('greater than or equal to 1');
    });

    it('refuses a put and a delete of the same item', async () => {
      const outcome = await transact(server, [put('lim-3'), { Delete: { TableName: table, Key: key('lim-3') } }]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(outcome.ok || outcome.message).toContain('multiple operations on one item');
    });

    it('refuses an update and a condition check of the same item', async () => {
      const outcome = await transact(server, [
        increment('lim-4'),
        { ConditionCheck: { TableName: table, Key: key('lim-4'), ConditionExpression: 'attribute_exists(pk)' } },
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('lim-4')).toBeUndefined();
    });

    it('refuses a condition check and a put of the same item', async () => {
      const outcome = await transact(server, [
        { ConditionCheck: { TableName: table, Key: key('lim-5'), ConditionExpression: 'attribute_not_exists(pk)' } },
        put('lim-5'),
      ]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('lim-5')).toBeUndefined();
    });

    it('refuses a put of an item over 400 KB', async () => {
      const outcome = await transact(server, [put('lim-6', { body: kilobytes(400) })]);
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(outcome.ok || outcome.message).toContain('Item size has exceeded the maximum allowed size');
    });

    it('accepts a put of an item just under 400 KB', async () => {
      const outcome = await transact(server, [put('lim-7', { body: kilobytes(399) })]);
      expect(outcome.ok).toBe(true);
    });

    it('cancels with a ValidationError reason an update that would grow an item past 400 KB', async () => {
      await transact(server, [put('lim-8-grown', { body: kilobytes(399) })]);
      const outcome = await transact(server, [
        put('lim-8-written'),
        {
          Update: {
            TableName: table,
            Key: key('lim-8-grown'),
            UpdateExpression: 'SET more = :more',
            ExpressionAttributeValues: { ':more': kilobytes(2) },
          },
        },
      ]);
      expect(outcome.ok || outcome.reasons?.map((reason) => reason.Code)).toEqual(['None', 'ValidationError']);
      expect(await get('lim-8-written')).toBeUndefined();
      expect((await get('lim-8-grown'))?.more).toBeUndefined();
    });

    it('accepts items of 3.9 MB in all', async () => {
      const outcome = await transact(
        server,
        Array.from({ length: 10 }, (_, index) => put(`lim-9-${index}`, { body: kilobytes(390) })),
      );
      expect(outcome.ok).toBe(true);
    });

    it('refuses puts of more than 4 MB in all, and applies none of them', async () => {
      const outcome = await transact(
        server,
        Array.from({ length: 11 }, (_, index) => put(`lim-10-${index}`, { body: kilobytes(390) })),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('lim-10-0')).toBeUndefined();
    });

    it('refuses updates carrying more than 4 MB in all', async () => {
      const outcome = await transact(
        server,
        Array.from({ length: 11 }, (_, index) => ({
          Update: {
            TableName: table,
            Key: key(`lim-11-${index}`),
            UpdateExpression: 'SET body = :body',
            ExpressionAttributeValues: { ':body': kilobytes(390) },
          },
        })),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await get('lim-11-0')).toBeUndefined();
    });
  });

  describe('idempotency', () => {
    it('applies a transaction once when its client token comes again with the same actions', async () => {
      const first = await transact(server, [increment('idem-1')], { ClientRequestToken: 'contract-token-1' });
      const again = await transact(server, [increment('idem-1')], { ClientRequestToken: 'contract-token-1' });
      expect([first.ok, again.ok]).toEqual([true, true]);
      expect(await get('idem-1')).toEqual({ ...key('idem-1'), n: 1 });
    });

    it('refuses a client token that comes again with other actions', async () => {
      await transact(server, [increment('idem-2')], { ClientRequestToken: 'contract-token-2' });
      const other = await transact(server, [increment('idem-2-other')], { ClientRequestToken: 'contract-token-2' });
      expect(other).toMatchObject({ ok: false, name: 'IdempotentParameterMismatchException' });
      expect(await get('idem-2-other')).toBeUndefined();
    });
  });
});
