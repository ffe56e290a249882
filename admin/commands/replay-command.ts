import type { Command } from 'commander';
import { redriveDeadLetters } from '../../shared/adapters/queue/sqs-dead-letters';
import { TargetError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { isConnectionFailure, localServiceAddress, unreachable } from '../local-addresses';
import { printJson, println } from '../output';
import { readStackOutputs, stackName } from '../stack-outputs';

/**
 * `replay`: moves the dead-lettered status callbacks and texts back to their redelivery queues, where the consumers
 * finish them (after the cause of their failures is fixed). Locally, the in-process queues of `npm start`.
 */
export function registerReplayCommand(program: Command, context: CommandContext): void {
  program
    .command('replay')
    .description(
      'move dead-lettered webhooks back to their redelivery queues, to be finished (locally: the running npm start)',
    )
    .option('--url <url>', 'the local service (default http://localhost:$PORT)')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: { url?: string; json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<{ env?: string; region?: string; profile?: string }>();
      const aws = {
        ...(globals.region ? { region: globals.region } : {}),
        ...(globals.profile ? { profile: globals.profile } : {}),
      };
      if (globals.env) {
        const outputs = await readStackOutputs(globals.env, aws);
        if (!outputs.redelivery)
          throw new TargetError(
            `stack ${stackName(globals.env)} has no redelivery queue outputs: deploy the current stack`,
          );
        await confirmDeployedChange(context, command, [
          `move the dead-lettered webhooks of stack ${stackName(globals.env)} back to their redelivery queues, to be finished`,
        ]);
        const tasks = await redriveDeadLetters(outputs.redelivery, aws);
        if (options.json) return printJson(context.io, { environment: globals.env, tasks });
        for (const task of tasks)
          println(context.io, `${task.route}: moving dead letters back to the queue (task ${task.taskHandle})`);
        return;
      }
      const address = localServiceAddress(context.io.env, options.url?.replace(/\/+$/, ''));
      let replayed: number;
      let response: Response;
      try {
        response = await fetch(`${address.url}/local/queue/replay`, { method: 'POST' });
      } catch (error) {
        if (isConnectionFailure(error)) throw unreachable('the local service', address, '/local/queue/replay', error);
        throw error;
      }
      try {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        ({ replayed } = (await response.json()) as { replayed: number });
      } catch (error) {
        throw new TargetError(
          `${address.url}/local/queue/replay did not answer as the local service does: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (options.json) return printJson(context.io, { replayed });
      println(
        context.io,
        replayed === 0 ? 'No dead letters to replay' : `${replayed} dead-lettered webhook(s) moved back to be finished`,
      );
    });
}
