import { createInterface } from 'node:readline/promises';

/** Where the CLI writes and what environment it reads: the process's, or a test's. */
export interface AdminIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Asks the operator and returns the answer; only there when a person is at a terminal (stdin and stderr are TTYs). */
  ask?(question: string): Promise<string>;
}

export function processIo(): AdminIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    ...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askOnTerminal } : {}),
  };
}

/** The question on stderr, so stdout stays clean for pipes and --json. */
async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/** Bad arguments: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The target could not be reached or described (no stack, no table, no seed): exit code 1. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Exit codes scripts can rely on. */
export const ExitCode = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;
