import { BatchGetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startContractServer, type ContractServer } from './support/contract-server';
import { itemAt, kilobytes, outcomeOf, transact } from './support/raw';

// What the adapters' reads rely on (Query pages and their LastEvaluatedKey, Limit, the indexes' projections, sparse
// indexes, BatchGetItem) and DynamoDB's limits on single writes (400 KB per item, non-empty index keys).
describe('reads and limits', () => {
  let server: ContractServer;
  const activity = () => server.tables.activityTable;
  const directory = () => server.tables.directoryTable;
  const put = (table: string, item: Record<string, unknown>) =>
    server.db.send(new PutCommand({ TableName: table, Item: item }));

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  describe('Query pages', () => {
    it('stops a page at 1 MB and says where the next one starts', async () => {
      for (let index = 0; index < 12; index += 1)
        await put(activity(), { pk: 'PAGE-1', sk: `S${String(index).padStart(2, '0')}`, body: kilobytes(100) });
      const page = await server.db.send(
        new QueryCommand({
          TableName: activity(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'PAGE-1' },
        }),
      );
      expect([page.Items?.length, page.LastEvaluatedKey]).toEqual([11, { pk: 'PAGE-1', sk: 'S10' }]);
    });

    it('stops a page at its Limit and counts filtered-out items against it', async () => {
      for (let index = 0; index < 5; index += 1)
        await put(activity(), { pk: 'PAGE-2', sk: `S${index}`, odd: index % 2 });
      const page = await server.db.send(
        new QueryCommand({
          TableName: activity(),
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'odd = :one',
          ExpressionAttributeValues: { ':pk': 'PAGE-2', ':one': 1 },
          Limit: 3,
        }),
      );
      expect([page.Items?.map((item) => item.sk), page.LastEvaluatedKey]).toEqual([['S1'], { pk: 'PAGE-2', sk: 'S2' }]);
    });

    it('gives no LastEvaluatedKey on the last page', async () => {
      await put(activity(), { pk: 'PAGE-3', sk: 'S0' });
      const page = await server.db.send(
        new QueryCommand({
          TableName: activity(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'PAGE-3' },
          Limit: 2,
        }),
      );
      expect(page.LastEvaluatedKey).toBeUndefined();
    });
  });

  describe('indexes', () => {
    it('holds in the sparse availablePool index only the items with a poolSlot, keys only', async () => {
      await put(directory(), { pk: '+442079460800', sk: 'NUMBER', role: 'SYSTEM', poolSlot: 'AVAILABLE' });
      await put(directory(), { pk: '+442079460801', sk: 'NUMBER', role: 'SYSTEM' });
      const { Items } = await server.db.send(
        new QueryCommand({
          TableName: directory(),
          IndexName: 'availablePool',
          KeyConditionExpression: 'poolSlot = :slot',
          ExpressionAttributeValues: { ':slot': 'AVAILABLE' },
        }),
      );
      expect(Items).toEqual([{ pk: '+442079460800', sk: 'NUMBER', poolSlot: 'AVAILABLE' }]);
    });

    it('gives an index page a LastEvaluatedKey with the index key and the table key', async () => {
      await put(directory(), { pk: '+442079460810', sk: 'CLIENT', clientId: 'c-810', ownerPhone: '+447700900810' });
      await put(directory(), { pk: 'CLIENT#c-810', sk: 'CLIENT', clientId: 'c-810', ownerPhone: '+447700900810' });
      const page = await server.db.send(
        new QueryCommand({
          TableName: directory(),
          IndexName: 'byOwnerPhone',
          KeyConditionExpression: 'ownerPhone = :owner',
          ExpressionAttributeValues: { ':owner': '+447700900810' },
          Limit: 1,
        }),
      );
      expect(Object.keys(page.LastEvaluatedKey ?? {}).sort()).toEqual(['ownerPhone', 'pk', 'sk']);
    });

    it('refuses a consistent read of a global secondary index', async () => {
      const outcome = await outcomeOf(
        server.db.send(
          new QueryCommand({
            TableName: directory(),
            IndexName: 'byKind',
            KeyConditionExpression: 'sk = :kind',
            ExpressionAttributeValues: { ':kind': 'NUMBER' },
            ConsistentRead: true,
          }),
        ),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
    });

    it('refuses an empty string as an index key in a put', async () => {
      const outcome = await outcomeOf(put(directory(), { pk: '+442079460820', sk: 'CLIENT', ownerPhone: '' }));
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect(await itemAt(server, directory(), { pk: '+442079460820', sk: 'CLIENT' })).toBeUndefined();
    });

    it('refuses an empty string as an index key in an update', async () => {
      const outcome = await outcomeOf(
        server.db.send(
          new UpdateCommand({
            TableName: directory(),
            Key: { pk: '+442079460821', sk: 'NUMBER' },
            UpdateExpression: 'SET clientId = :id',
            ExpressionAttributeValues: { ':id': '' },
          }),
        ),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
    });

    it('refuses an empty string as an index key in a transaction, and applies nothing', async () => {
      const outcome = await transact(server, [
        { Put: { TableName: activity(), Item: { pk: 'IDX-1', sk: 'X' } } },
        { Put: { TableName: directory(), Item: { pk: '+442079460822', sk: 'NUMBER', poolSlot: '' } } },
      ]);
      expect(outcome.ok).toBe(false);
      expect(await itemAt(server, activity(), { pk: 'IDX-1', sk: 'X' })).toBeUndefined();
    });

    it('accepts an empty string in an attribute no index uses', async () => {
      const outcome = await outcomeOf(put(directory(), { pk: '+442079460823', sk: 'CLIENT', businessName: '' }));
      expect(outcome.ok).toBe(true);
    });
  });

  describe('BatchGetItem', () => {
    it('reads 100 keys across both tables in one request', async () => {
      await put(activity(), { pk: 'BATCH-1', sk: 'X' });
      const keys = Array.from({ length: 99 }, (_, index) => ({ pk: `BATCH-${index + 1}`, sk: 'X' }));
      const { Responses } = await server.db.send(
        new BatchGetCommand({
          RequestItems: {
            [activity()]: { Keys: keys, ConsistentRead: true },
            [directory()]: { Keys: [{ pk: '+442079460800', sk: 'NUMBER' }] },
          },
        }),
      );
      expect([Responses?.[activity()]?.length, Responses?.[directory()]?.length]).toEqual([1, 1]);
    });

    it('refuses more than 100 keys', async () => {
      const keys = Array.from({ length: 101 }, (_, index) => ({ pk: `BATCH-${index}`, sk: 'X' }));
      const outcome = await outcomeOf(
        server.db.send(new BatchGetCommand({ RequestItems: { [activity()]: { Keys: keys } } })),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
    });

    it('refuses the same key twice', async () => {
      const key = { pk: 'BATCH-1', sk: 'X' };
      const outcome = await outcomeOf(
        server.db.send(new BatchGetCommand({ RequestItems: { [activity()]: { Keys: [key, key] } } })),
      );
      expect(outcome).toMatchObject({
        ok: false,
        name: 'ValidationException',
        message: expect.stringContaining('duplicates'),
      });
    });
  });

  describe('400 KB per item', () => {
    it('refuses a put of an item over 400 KB', async () => {
      const outcome = await outcomeOf(put(activity(), { pk: 'SIZE-1', sk: 'X', body: kilobytes(400) }));
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
    });

    it('refuses an update that would grow an item past 400 KB, and keeps the item as it was', async () => {
      await put(activity(), { pk: 'SIZE-2', sk: 'X', body: kilobytes(399) });
      const outcome = await outcomeOf(
        server.db.send(
          new UpdateCommand({
            TableName: activity(),
            Key: { pk: 'SIZE-2', sk: 'X' },
            UpdateExpression: 'SET more = :more',
            ExpressionAttributeValues: { ':more': kilobytes(2) },
          }),
        ),
      );
      expect(outcome).toMatchObject({ ok: false, name: 'ValidationException' });
      expect((await itemAt(server, activity(), { pk: 'SIZE-2', sk: 'X' }))?.more).toBeUndefined();
    });
  });
});
