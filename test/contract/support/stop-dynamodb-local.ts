import { stopDynamoDbLocalPool } from './dynamodb-local-pool';

export default async function globalTeardown(): Promise<void> {
  await stopDynamoDbLocalPool();
}
