import type { Command } from 'commander';
import { roleLabel } from '../../shared/domain/admin/plan-number-change';
import { ExitCode, UsageError } from '../admin-io';
import { parseCallMode } from '../../shared/domain/numbers/number-role';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printable } from '../terminal-text';
import { registerClientChangeCommands } from './client-changes-command';
import { registerClientsSetLanguage, registerClientsSetText } from './client-text-command';
import { registerClientsSetEmergencyRing } from './client-emergency-command';
import { registerClientsSetWebhook } from './client-webhook-command';
import { registerClientsAfterJob } from './client-after-job-command';
import { clientWithNumber } from './client-settings';
import { plural, printJson, println, printTable, progress } from '../output';

export function registerClientsCommands(program: Command, context: CommandContext): void {
  const clients = program.command('clients').description('list, show, add, change and remove client businesses');
  registerClientsList(clients, context);
  registerClientsShow(clients, context);
  registerSetCallMode(clients, context);
  registerClientChangeCommands(clients, context);
  registerClientsSetText(clients, context);
  registerClientsSetLanguage(clients, context);
  registerClientsSetEmergencyRing(clients, context);
  registerClientsSetWebhook(clients, context);
  registerClientsAfterJob(clients, context);
}

function registerClientsList(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('list')
    .description('list every client and the number it owns')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
      const rows = [...snapshot.clients]
        .sort((a, b) => a.id.localeCompare(b.id) || (a.twilioNumber ?? '').localeCompare(b.twilioNumber ?? ''))
        .map((client) => ({
          id: client.id,
          businessName: client.businessName,
          ownerPhone: client.ownerPhone,
          twilioNumber: client.twilioNumber ?? null,
        }));
      if (options.json) return printJson(io, rows);
      printTable(
        io,
        ['ID', 'BUSINESS', 'OWNER PHONE', 'NUMBER'],
        rows.map((row) => [row.id, row.businessName, row.ownerPhone, row.twilioNumber ?? '(none)']),
      );
      println(io, plural(rows.length, 'client'));
    });
}

function registerClientsShow(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('show')
    .description('show a client, its number and how many open jobs it has')
    .argument('<id>', 'the client id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const items = await session.admin.findClient(id);
      const client = items.find((item) => item.twilioNumber) ?? items[0];
      if (!client) {
        if (options.json) printJson(io, null);
        else println(io, `no client ${id}`);
        return context.setExitCode(ExitCode.FINDINGS);
      }
      const [numberEntry, jobs] = await Promise.all([
        client.twilioNumber ? session.admin.readNumber(client.twilioNumber) : Promise.resolve(undefined),
        session.admin.listJobs(client),
      ]);
      const record = numberEntry?.record;
      const openJobs = jobs.filter((job) => job.status === 'OPEN').length;
      if (options.json) {
        return printJson(io, {
          ...client,
          twilioNumber: client.twilioNumber ?? null,
          number: record
            ? { role: record.role ?? null, status: record.status ?? null, clientId: record.clientId ?? null }
            : null,
          openJobs,
          ...(items.length > 1 ? { records: items.length } : {}),
        });
      }
      println(io, `${client.id}: ${client.businessName}`);
      println(io, `  owner phone: ${client.ownerPhone}`);
      if (client.twilioNumber) {
        const state = record ? `${roleLabel(record)}, ${record.status ?? 'no status'}` : 'not in the number table';
        println(io, `  number:      ${client.twilioNumber} (${state})`);
      } else {
        println(io, '  number:      (none: the client owns no number)');
      }
      println(
        io,
        `  calls:       ${client.callMode === 'ring' ? "ring the owner's phone first (screened)" : 'greeting and voicemail (forward mode)'}`,
      );
      println(
        io,
        `  hours:       ${client.hours && client.timeZone ? `${client.hours} (${client.timeZone})` : 'open at any time'}`,
      );
      // Issue 19: the owner's own words, when set (printable: shown as stored, never as terminal controls).
      for (const [label, words] of OWN_WORDS_LABELS)
        if (client[words]) println(io, `  ${label}${printable(JSON.stringify(client[words]))}`);
      if (client.language) println(io, `  language:    ${client.language}`);
      if (client.emergencyRing) println(io, "  emergencies: ring the owner's phone too (EMERGENCY RING ON)");
      if (client.crmEvents) println(io, '  CRM:         job events sent, signed, to its webhook (set-webhook)');
      println(io, `  open jobs:   ${openJobs}`);
      if (items.length > 1) println(io, `  warning: ${items.length} client records (an interrupted move): run "audit"`);
    });
}

function registerSetCallMode(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-call-mode')
    .description(
      'how calls reach the business: "ring" rings the owner first (screened), "forward" greets and takes a voicemail',
    )
    .argument('<id>', 'the client id')
    .argument('<mode>', 'ring or forward')
    .action(async (id: string, mode: string, _options: unknown, command: Command) => {
      const callMode = parseCallMode(mode);
      if (!callMode) throw new UsageError(`mode must be ring or forward, got "${mode}"`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      if ((client.callMode ?? 'forward') !== callMode) {
        await confirmDeployedChange(context, command, [
          `client ${client.id} (${client.businessName}), ${client.twilioNumber}: calls ${client.callMode ?? 'forward'} -> ${callMode}`,
        ]);
      }
      const changed = await session.directory.updateCallSettings(client.twilioNumber, { callMode });
      if (!changed) {
        println(io, `client ${id} no longer owns ${client.twilioNumber}: nothing changed`);
        return context.setExitCode(ExitCode.FINDINGS);
      }
      println(
        io,
        `${client.id} (${client.businessName}): calls to ${client.twilioNumber} now ${callMode === 'ring' ? "ring the owner's phone first" : 'get the greeting and voicemail'}`,
      );
    });
}

const OWN_WORDS_LABELS = [
  ['text-back:   ', 'textBack'],
  ['after hours: ', 'afterHoursText'],
  ['greeting:    ', 'greeting'],
  ['links to:    ', 'linkDomain'],
  ['reviews at:  ', 'reviewLink'],
] as const;
