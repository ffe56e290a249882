import type { Command } from 'commander';
import { RefusedError } from '../../shared/domain/admin/admin-errors';
import type { OwnerWordsKind } from '../../shared/domain/calls/owner-words';
import { planOwnerWords } from '../../shared/domain/sms/plan-owner-words';
import { UsageError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { println } from '../output';
import { clientWithNumber, writeClientSettings } from './client-settings';

const KINDS: readonly OwnerWordsKind[] = ['textback', 'afterhours', 'greeting'];

/** `clients set-text <id> textback|afterhours|greeting <text>`: the owner's TEXTBACK/AFTERHOURS/GREETING, same rules. */
export function registerClientsSetText(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-text')
    .description(
      'set a client\'s own text-back, out-of-hours text-back or spoken greeting, as the owner\'s TEXTBACK/AFTERHOURS/GREETING texts do ("reset": the default)',
    )
    .argument('<id>', 'the client id')
    .argument('<kind>', 'textback, afterhours or greeting')
    .argument('<text>', '{name} for the business name; at most 320 characters (greeting 300); or reset')
    .action(async (id: string, kind: string, text: string, _options: unknown, command: Command) => {
      const words = KINDS.find((candidate) => candidate === kind.toLowerCase());
      if (!words) throw new UsageError(`kind must be textback, afterhours or greeting, got "${kind}"`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const reset = text.trim().toLowerCase() === 'reset';
      const plan = planOwnerWords(words, reset ? null : text, client);
      if (!plan.ok) throw new RefusedError(`${words}: ${plan.problem}`);
      await confirmDeployedChange(context, command, [
        `client ${client.id} (${client.businessName}): ${words} -> ${reset ? 'the default' : JSON.stringify(plan.change.ownText?.text)}`,
      ]);
      await writeClientSettings(session, client, plan.change);
      println(io, `${client.id} (${client.businessName}): ${plan.preview}`);
    });
}
