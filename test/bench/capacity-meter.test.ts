import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { meterCapacity, type CapacityMeter } from '../../bench/capacity-meter';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { createDocumentClient, type DynamoDBDocumentClient } from '../../shared/adapters/dynamodb/document-client';

const TABLE = LOCAL_TABLES.activityTable;

describe('the cost bench counts request units as DynamoDB bills them', () => {
  let dynamo: EmbeddedDynamo;
  let db: DynamoDBDocumentClient;
  let meter: CapacityMeter;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(0);
    await createTables(dynamo.endpoint, LOCAL_TABLES);
    db = createDocumentClient({ endpoint: dynamo.endpoint });
    meter = meterCapacity(db);
  });
  beforeEach(() => meter.reset());
  afterAll(async () => {
    db.destroy();
    await dynamo.close();
  });

  it('a write of an item over 1 KB costs 2 write units', async () => {
    await db.send(new PutCommand({ TableName: TABLE, Item: { pk: 'A', sk: 'A', body: 'x'.repeat(1500) } }));

    expect(meter.tally()).toMatchObject({ writeUnits: 2, readUnits: 0, requests: 1, uncounted: [] });
  });

  it('an eventually consistent read of that item costs half a read unit', async () => {
    await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'A', sk: 'A' } }));

    expect(meter.tally()).toMatchObject({ readUnits: 0.5, writeUnits: 0 });
  });

  it('a Query that finds nothing is counted at the minimum of one read, as DynamoDB bills it', async () => {
    await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'nobody' },
        ConsistentRead: true,
      }),
    );

    expect(meter.tally()).toMatchObject({ readUnits: 1, emptyReads: 1 });
  });

  it('a transaction of two small writes costs twice their units: 4', async () => {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { pk: 'T', sk: '1' } } },
          { Put: { TableName: TABLE, Item: { pk: 'T', sk: '2' } } },
        ],
      }),
    );

    expect(meter.tally()).toMatchObject({ writeUnits: 4, byTable: { [TABLE]: { writeUnits: 4, readUnits: 0 } } });
  });

  it('a write refused by its condition is still counted, at 1 write unit', async () => {
    await expect(
      db.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'A', sk: 'A' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow();

    expect(meter.tally()).toMatchObject({ writeUnits: 1, refusedWrites: 1 });
  });

  it("the caller's command is left as it was sent", async () => {
    const command = new GetCommand({ TableName: TABLE, Key: { pk: 'A', sk: 'A' } });

    await db.send(command);

    expect(command.input).not.toHaveProperty('ReturnConsumedCapacity');
  });
});
