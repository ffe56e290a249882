/** Where the CLI writes and what environment it reads: the process's, or a test's. */
export interface AdminIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
}

export function processIo(): AdminIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
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
