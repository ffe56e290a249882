import { randomUUID } from 'node:crypto';
import { createTables, startEmbeddedDynamo, type TableNames } from '../../../local/embedded-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENDPOINTS_VARIABLE } from './dynamodb-local-pool';

/** The two servers the contract suite runs on; jest.contract.config.js runs every file once per server. */
export type ContractServerKind = 'dynalite' | 'dynamodb-local';

export const SERVER_VARIABLE = 'CONTRACT_SERVER';

export interface ContractServer {
  kind: ContractServerKind;
  endpoint: string;
  db: DynamoDBDocumentClient;
  /** This file's own tables (fresh names on the shared DynamoDB Local), with the deployed keys and indexes. */
  tables: TableNames;
  close(): Promise<void>;
}

export function contractServerKind(): ContractServerKind {
  const kind = process.env[SERVER_VARIABLE];
  if (kind !== 'dynalite' && kind !== 'dynamodb-local')
    throw new Error(`${SERVER_VARIABLE} must be dynalite or dynamodb-local: run the suite with npm run test:contract`);
  return kind;
}

/**
 * The server this test file runs against: its own dynalite behind the transaction layer (in process, started in a few
 * ms), or this jest worker's DynamoDB Local (started once per worker by the project's globalSetup).
 */
export async function startContractServer(): Promise<ContractServer> {
  const kind = contractServerKind();
  let endpoint: string;
  let stop = async () => {};
  if (kind === 'dynalite') {
    const dynamo = await startEmbeddedDynamo(0, { server: 'dynalite' });
    endpoint = dynamo.endpoint;
    stop = () => dynamo.close();
  } else {
    const endpoints = JSON.parse(process.env[ENDPOINTS_VARIABLE] ?? '[]') as string[];
    const worker = Number(process.env.JEST_WORKER_ID ?? '1');
    const found = endpoints[(worker - 1) % Math.max(1, endpoints.length)];
    if (!found)
      throw new Error(`no DynamoDB Local for jest worker ${worker}: the contract project's globalSetup starts them`);
    endpoint = found;
  }
  const suffix = randomUUID().slice(0, 8);
  const tables = { directoryTable: `directory-${suffix}`, activityTable: `activity-${suffix}` };
  await createTables(endpoint, tables);
  // The production client (document-client.ts) with patient timeouts: the contract is about answers, not latency, and
  // the opt-out sweep's 100 parallel updates on a busy 2-core machine can wait past its 1 s connection timeout.
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { connectionTimeout: 15_000, requestTimeout: 20_000 },
      maxAttempts: 3,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    kind,
    endpoint,
    db,
    tables,
    close: async () => {
      db.destroy();
      await stop();
    },
  };
}
