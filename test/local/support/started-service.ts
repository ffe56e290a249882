import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

export interface StartedService {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** http://localhost:<port>, from the banner. */
  url: string;
  port: number;
  dynamodbPort: number;
  /** Ends it if it still runs, and waits for that. */
  stop(): Promise<void>;
}

/**
 * Starts the local service as a user does, on free ports (PORT=0, DYNAMODB_PORT=0), and waits for its banner.
 * `npm` runs the real `npm start`; otherwise the command the start script runs, without npm in between.
 */
export async function startService(env: Record<string, string>, via: 'npm' | 'node' = 'node'): Promise<StartedService> {
  const [command, args] =
    via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'local/main.ts']];
  const child = spawn(command as string, args as string[], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const started = await new Promise<{ url: string; dynamodbPort: number }>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 30000);
    const check = () => {
      const url = /outbox:\s+(http:\/\/localhost:\d+)\/local\/outbox/.exec(output)?.[1];
      const dynamodbPort = /DynamoDB:\s+http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (url && dynamodbPort && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolveStart({ url, dynamodbPort: Number(dynamodbPort) });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    url: started.url,
    port: Number(new URL(started.url).port),
    dynamodbPort: started.dynamodbPort,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a start that is expected to fail, and gives its exit code and output. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 30000);
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  clearTimeout(timer);
  return { code, output };
}
