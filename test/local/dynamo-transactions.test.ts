import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';

const TABLE = 'activity';

describe('the embedded DynamoDB runs TransactWriteItems as DynamoDB does', () => {
  let dynamo: EmbeddedDynamo;
  let db: ReturnType<typeof createDocumentClient>;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(0);
    await createTables(dynamo.endpoint, { directoryTable: 'directory', activityTable: TABLE });
    db = createDocumentClient({ endpoint: dynamo.endpoint });
  });
  afterAll(async () => {
    db.destroy();
    await dynamo.close();
  });

  const get = async (pk: string) =>
    (await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: 'X' }, ConsistentRead: true }))).Item;

  it('applies every action when every condition holds', async () => {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { pk: 'A1', sk: 'X', v: 1 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'B1', sk: 'X' },
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    expect(await get('A1')).toMatchObject({ v: 1 });
    expect(await get('B1')).toMatchObject({ n: 1 });
  });

  it('applies nothing when one condition fails, and says which one with the old item', async () => {
    await db.send(new PutCommand({ TableName: TABLE, Item: { pk: 'C2', sk: 'X', v: 'old' } }));
    const attempt = db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { pk: 'A2', sk: 'X', v: 1 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: TABLE,
              Item: { pk: 'C2', sk: 'X', v: 'new' },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    const failure = (await attempt.catch((error: unknown) => error)) as TransactionCanceledException;
    expect(failure).toBeInstanceOf(TransactionCanceledException);
    expect(failure.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(failure.CancellationReasons?.[1]?.Item).toMatchObject({ v: { S: 'old' } });
    expect(await get('A2')).toBeUndefined();
    expect(await get('C2')).toMatchObject({ v: 'old' });
  });

  it('refuses two actions on the same item', async () => {
    const attempt = db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { pk: 'D3', sk: 'X' } } },
          { Delete: { TableName: TABLE, Key: { pk: 'D3', sk: 'X' } } },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('leaves no trace of a condition check on a missing item', async () => {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { pk: 'E4', sk: 'X' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: TABLE, Item: { pk: 'F4', sk: 'X' } } },
        ],
      }),
    );
    expect(await get('E4')).toBeUndefined();
    expect(await get('F4')).toBeDefined();
  });

  it('answers a repeated client token with the first answer and applies nothing again', async () => {
    const request = {
      ClientRequestToken: 'token-5',
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: { pk: 'G5', sk: 'X' },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
    };
    await db.send(new TransactWriteCommand(request));
    await db.send(new TransactWriteCommand(request));
    expect(await get('G5')).toMatchObject({ n: 1 });
  });
});
