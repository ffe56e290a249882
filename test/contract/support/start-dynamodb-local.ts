import { startDynamoDbLocalPool } from './dynamodb-local-pool';

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  await startDynamoDbLocalPool(globalConfig.maxWorkers);
}
