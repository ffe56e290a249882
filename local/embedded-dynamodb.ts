import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { portOf, startTransactionFront } from './dynamo-transactions';
import { activityTableDefinition, directoryTableDefinition } from '../shared/adapters/dynamodb/tables';

// dynalite ships no types; it returns a plain Node HTTP server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface TableNames {
  directoryTable: string;
  activityTable: string;
}

export interface EmbeddedDynamo {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedDynamoOptions {
  /** A directory for the data (LevelDB on disk), so it survives a stop and a restart on the same path; in memory without it. */
  path?: string;
}

/**
 * Starts dynalite, a real DynamoDB-protocol server, behind a front on 127.0.0.1 (port 0 picks a free one) that adds
 * TransactWriteItems, which dynalite lacks (local/dynamo-transactions.ts); in memory unless given a path.
 */
export async function startEmbeddedDynamo(port = 0, options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const front = await startTransactionFront((server.address() as AddressInfo).port, port);
  const actualPort = portOf(front);
  const stop = (stopped: Server) => {
    stopped.closeAllConnections();
    return new Promise<void>((resolve) => stopped.close(() => resolve()));
  };
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: async () => {
      await stop(front);
      await stop(server);
    },
  };
}

/** Creates the service's tables with the same keys and indexes as the deployed ones. */
export async function createTables(endpoint: string, names: TableNames): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    for (const definition of [
      directoryTableDefinition(names.directoryTable),
      activityTableDefinition(names.activityTable),
    ]) {
      await client.send(new CreateTableCommand(definition));
      await waitUntilTableExists(
        { client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
        { TableName: definition.TableName },
      );
    }
  } finally {
    client.destroy();
  }
}
