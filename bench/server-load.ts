import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driveLoad, type LoadOutcome } from '../test/reliability/support/load-driver';
import { mixedWebhooks, type PlanCounts } from '../test/reliability/support/mixed-webhooks';

export interface ServerLoadFigures {
  connections: number;
  plan: PlanCounts;
  load: Omit<LoadOutcome, 'statuses' | 'failedBodies'>;
  /** Answers that were neither 2xx nor an intended 403 to a forgery. */
  unintendedNon2xx: number;
  unhandledErrors: number;
  smsSent: number;
}

const TOKEN = 'bench-auth-token';

/**
 * Starts the local service as a user does (`tsx local/main.ts`, its own process, logs discarded) and sends it the
 * mixed, signed webhooks of the reliability suite (Twilio's repeats and 1% forgeries included) over `connections`
 * keep-alive connections with autocannon.
 */
export async function measureServerLoad(
  root: string,
  webhooks: number,
  connections: number,
): Promise<ServerLoadFigures> {
  const port = await freePort();
  const businesses = Math.min(99, Math.max(4, Math.ceil(webhooks / 150)));
  const baseUrl = `http://localhost:${port}`;
  const plan = mixedWebhooks({
    total: webhooks,
    authToken: TOKEN,
    publicBaseUrl: baseUrl,
    businesses,
    accountSid: 'AC00000000000000000000000000000000',
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-seed-'));
  const seedFile = join(dir, 'seed.json');
  await writeFile(seedFile, JSON.stringify(plan.seed));

  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: '0',
      TWILIO_AUTH_TOKEN: TOKEN,
      SEED_FILE: seedFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: 'ignore',
  });
  try {
    await waitForHealth(`http://127.0.0.1:${port}/health`, child);
    const load = await driveLoad(`http://127.0.0.1:${port}`, plan.webhooks, { connections });
    const metrics = (await (await fetch(`http://127.0.0.1:${port}/local/metrics`)).json()) as {
      counters: Record<string, number>;
    };
    const outbox = (await (await fetch(`http://127.0.0.1:${port}/local/outbox`)).json()) as unknown[];
    const unintended = plan.webhooks.filter((webhook) => {
      const status = load.statuses[webhook.index] ?? 0;
      return webhook.forged ? status !== 403 : status < 200 || status > 299;
    }).length;
    const { statuses: _statuses, failedBodies: _bodies, ...summary } = load;
    return {
      connections,
      plan: plan.counts,
      load: summary,
      unintendedNon2xx: unintended,
      unhandledErrors: metrics.counters['webhook.unhandled_error'] ?? 0,
      smsSent: outbox.length,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the local service exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the local service did not become healthy within 30 s');
}
