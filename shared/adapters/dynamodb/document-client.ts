import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

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
