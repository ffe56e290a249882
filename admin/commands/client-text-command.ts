import type { Command } from 'commander';
import { RefusedError } from '../../shared/domain/admin/admin-errors';
import type { OwnerWordsKind } from '../../shared/domain/calls/owner-words';
import { planOwnerWords } from '../../shared/domain/sms/plan-owner-words';
import { languageOf, parseLanguage } from '../../shared/domain/texts/language';
import { UsageError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printJson, println } from '../output';
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

/** Issue 19: `clients set-language <id> en|es`, as the owner's `LANGUAGE` text does. */
export function registerClientsSetLanguage(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-language')
    .description(
      "set the language of every text and spoken line a client's callers and customers get, as the owner's LANGUAGE text does",
    )
    .argument('<id>', 'the client id')
    .argument('<language>', 'en (English, the default) or es (Spanish)')
    .option('--json', 'print JSON')
    .action(async (id: string, value: string, options: { json?: boolean }, command: Command) => {
      const language = parseLanguage(value.trim().toLowerCase());
      if (!language) throw new UsageError(`language must be en or es, got "${value}"`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const now = languageOf(client);
      const change = `client ${client.id} (${client.businessName}): language ${now} -> ${language}`;
      if (now !== language) {
        await confirmDeployedChange(context, command, [change]);
        await writeClientSettings(session, client, { language });
      }
      if (options.json) return printJson(io, { clientId: client.id, language, changed: now !== language });
      println(io, now === language ? `${client.id}: unchanged (language already ${now})` : change);
    });
}
