import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
