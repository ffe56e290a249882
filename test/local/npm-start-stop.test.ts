import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { startService, type StartedService } from './support/started-service';

/** The PIDs of every process below `pid` (npm's shell and node), from `ps`. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const below = (parent: number): number[] =>
    table.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** True when nothing accepts a connection on the port. */
const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('stopping npm start by its PID', () => {
  let service: StartedService;
  let children: number[] = [];
  afterEach(() => {
    // Only what this test started, by PID, if the behaviour under test failed.
    for (const pid of children.filter(alive)) process.kill(pid, 'SIGKILL');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'with %s ends npm and its node child and frees both ports',
    async (signal) => {
      service = await startService({}, 'npm');
      const npm = service.child.pid as number;
      children = [npm, ...descendants(npm)];
      expect(children.length).toBeGreaterThan(1);
      expect(await portFree(service.port)).toBe(false);

      process.kill(service.child.pid as number, signal);

      expect(await eventually(() => children.every((pid) => !alive(pid)))).toBe(true);
      expect(await portFree(service.port)).toBe(true);
      expect(await portFree(service.dynamodbPort)).toBe(true);
    },
    60000,
  );
});
