import type { Command } from 'commander';
import { RefusedError } from '../shared/domain/admin/admin-errors';
import { UsageError } from './admin-io';
import type { CommandContext } from './command-context';
import { stackName } from './stack-outputs';
import { printable } from './terminal-text';

/**
 * The one safeguard before a command writes to a deployed environment (`--env`): it shows what will change and asks
 * the operator to type the environment's name. `--yes` skips the question (scripts). With no terminal to ask on and no
 * `--yes` it refuses (exit 2) rather than guess. Against the local embedded DynamoDB it never asks.
 * Call it after planning and before the first write, and only when something would change (not for dry runs):
 *
 *   await confirmDeployedChange(context, command, ['+447476955110: released from client c1']);
 *
 * A declined confirmation is a RefusedError (exit 1, "refused: not confirmed: nothing changed").
 */
export async function confirmDeployedChange(
  context: CommandContext,
  command: Command,
  changes: readonly string[],
): Promise<void> {
  const { env, yes } = command.optsWithGlobals<{ env?: string; yes?: boolean }>();
  if (!env || yes) return;
  const { io } = context;
  if (!io.ask) {
    throw new UsageError(
      `this changes the deployed environment ${env} and there is no terminal to confirm on: add --yes to go ahead`,
    );
  }
  io.stderr(
    `About to change environment ${env} (stack ${stackName(env)}):\n${changes.map((change) => `  ${printable(change)}\n`).join('')}`,
  );
  const answer = await io.ask(`Type the environment name (${env}) to go ahead, anything else to stop: `);
  if (answer.trim() !== env) throw new RefusedError('not confirmed: nothing changed');
}
