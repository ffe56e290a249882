import type { Command } from 'commander';
import type { AdminIo } from './admin-io';
import type { AdminSession } from './admin-target';

/** What every command gets: where to write, and the target named by the global options. */
export interface CommandContext {
  io: AdminIo;
  /** Opens the target of the global options (`--env`, `--endpoint`, ...); the runner closes it. */
  openSession(command: Command): Promise<AdminSession>;
  setExitCode(code: number): void;
}
