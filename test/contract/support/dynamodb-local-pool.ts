import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb-local';

/** Where the pool tells the jest workers their servers are: `JEST_WORKER_ID` n uses the n-th endpoint. */
export const ENDPOINTS_VARIABLE = 'CONTRACT_DYNAMODB_LOCAL_ENDPOINTS';

const POOL = Symbol.for('contract.dynamodbLocalPool');
type Holder = typeof globalThis & { [POOL]?: DynamoDbLocal[] };

/**
 * jest's globalSetup for the DynamoDB Local project: one DynamoDB Local (in memory, a free port each) per jest worker,
 * started together before any test file, their endpoints handed to the workers through the environment they inherit.
 * A JVM takes ~2.5 s to start: once per worker, not once per file.
 */
export async function startDynamoDbLocalPool(workers: number): Promise<void> {
  const pool = await Promise.all(Array.from({ length: Math.max(1, workers) }, () => startDynamoDbLocal(0)));
  (globalThis as Holder)[POOL] = pool;
  process.env[ENDPOINTS_VARIABLE] = JSON.stringify(pool.map((server) => server.endpoint));
  // Ctrl-C reaches the JVMs through the process group; a jest that exits before its teardown still stops them.
  process.once('exit', killPool);
}

function killPool(): void {
  for (const server of (globalThis as Holder)[POOL] ?? []) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** jest's globalTeardown: every JVM of the pool stopped, and checked gone (no leaked JVM). */
export async function stopDynamoDbLocalPool(): Promise<void> {
  const pool = (globalThis as Holder)[POOL] ?? [];
  process.off('exit', killPool);
  await Promise.all(pool.map((server) => server.close()));
  const alive = pool.filter((server) => isRunning(server.pid));
  if (alive.length > 0)
    throw new Error(`DynamoDB Local still running after the contract run: pid ${alive.map((s) => s.pid)}`);
  delete (globalThis as Holder)[POOL];
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
