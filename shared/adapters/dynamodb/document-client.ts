import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';

/** The client type the wiring passes around, so only this folder imports the DynamoDB SDK. */
export type { DynamoDBDocumentClient };

/** One document client per cold start. `endpoint` points it at the embedded DynamoDB locally. */
export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  const config: DynamoDBClientConfig = {
    ...(options.region ? { region: options.region } : {}),
    // Twilio waits 15 s at most: fail a stuck call fast and let the SDK retry it.
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
    maxAttempts: 3,
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    config.region = options.region ?? 'local';
    // The embedded server accepts any credentials; these keep the SDK from searching for real ones.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write: true when it was applied, false when its condition did not hold; other errors throw. */
export async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/**
 * Runs a conditional write; when its condition does not hold, reads the item as it now stands (consistently), so the
 * caller can tell its own write (applied once, its answer lost, the SDK's retry then refused) from another's.
 * Undefined when the write was applied.
 */
export async function writeOrReadBack(
  db: DynamoDBDocumentClient,
  write: Promise<unknown>,
  readBack: { TableName: string; Key: Record<string, unknown> },
): Promise<{ item: Record<string, unknown> | undefined } | undefined> {
  if (await conditionally(write)) return undefined;
  const { Item } = await db.send(new GetCommand({ ...readBack, ConsistentRead: true }));
  return { item: Item };
}

/** A conditional put of an item keyed by pk and sk, read back by that key when refused (see writeOrReadBack). */
export function putOrReadBack(
  db: DynamoDBDocumentClient,
  put: PutCommandInput & { TableName: string; Item: { pk: string; sk: string } },
): Promise<{ item: Record<string, unknown> | undefined } | undefined> {
  return writeOrReadBack(db, db.send(new PutCommand(put)), {
    TableName: put.TableName,
    Key: { pk: put.Item.pk, sk: put.Item.sk },
  });
}

/**
 * A conditional put stamped with a fresh token in `tokenAttribute`: true when it was applied, or when the item now
 * standing carries our token (our own write, applied before its answer was lost, the SDK's retry then refused).
 */
export async function putStamped(
  db: DynamoDBDocumentClient,
  put: PutCommandInput & { TableName: string; Item: { pk: string; sk: string } },
  tokenAttribute: 'writtenBy' | 'storedBy',
): Promise<boolean> {
  const token = randomUUID();
  const refused = await putOrReadBack(db, { ...put, Item: { ...put.Item, [tokenAttribute]: token } });
  return !refused || refused.item?.[tokenAttribute] === token;
}
