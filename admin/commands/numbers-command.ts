import type { Command } from 'commander';
import { roleLabel } from '../../shared/domain/admin/plan-number-change';
import { getNumberRoleDescription, NumberStatus, type TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { resolveNumberRole } from '../../shared/domain/numbers/resolve-number-role';
import { ExitCode } from '../admin-io';
import { phoneArgument, ROLE_CHOICES, roleArgument, STATUS_CHOICES, statusArgument } from '../arguments';
import type { CommandContext } from '../command-context';
import { plural, printJson, println, printTable, progress } from '../output';
import { silentLogger } from '../silent-logger';
import type { NumberChangeRequest } from '../../shared/domain/admin/plan-number-change';
import { changeNumber } from './change-number';
import { registerWebhookUrlsCommand } from './webhook-urls-command';

const SOURCE_LABELS = {
  pool: 'the number table',
  client: 'the client that owns it',
  config: 'the configured onboarding number',
  default: 'nothing knows it',
} as const;

export function registerNumbersCommands(program: Command, context: CommandContext): void {
  const numbers = program
    .command('numbers')
    .description('list, show, add and change Twilio numbers and their roles, and wire them to the stack');
  registerNumbersList(numbers, context);
  registerNumbersShow(numbers, context);
  registerNumbersAdd(numbers, context);
  registerNumbersSetRole(numbers, context);
  registerNumbersRelease(numbers, context);
  registerWebhookUrlsCommand(numbers, context);
}

function registerNumbersList(numbers: Command, context: CommandContext): void {
  const { io } = context;
  numbers
    .command('list')
    .description('list the number table')
    .option('--role <role>', `only this role (${ROLE_CHOICES})`, roleArgument)
    .option('--status <status>', `only this status (${STATUS_CHOICES})`, statusArgument)
    .option('--json', 'print JSON')
    .action(async (options: { role?: TwilioNumberRole; status?: NumberStatus; json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
      const ownerOf = new Map(
        snapshot.clients.flatMap((client) =>
          client.twilioNumber ? [[client.twilioNumber as string, client.id] as const] : [],
        ),
      );
      const rows = snapshot.numbers
        .filter(
          (record) =>
            (!options.role || record.role === options.role) && (!options.status || record.status === options.status),
        )
        .sort((a, b) => a.phone.localeCompare(b.phone))
        .map((record) => ({
          phone: record.phone,
          role: record.role ?? null,
          ...(record.role ? {} : { storedRole: record.storedRole ?? null }),
          status: record.status ?? null,
          clientId: record.clientId ?? null,
          ownedBy: ownerOf.get(record.phone) ?? null,
          // Released and resting before reuse: since when, and when it goes back to the pool (null until the
          // waiting-list job has dated the rest from NUMBER_QUARANTINE_DAYS, within 5 minutes of the release).
          ...(record.status === NumberStatus.RESTING
            ? { restingSince: record.restingSince ?? null, availableFrom: record.restsUntil ?? null }
            : {}),
        }));
      if (options.json) return printJson(io, rows);
      printTable(
        io,
        ['PHONE', 'ROLE', 'STATUS', 'CLIENT', 'OWNED BY'],
        rows.map((row) => [
          row.phone,
          row.role ?? roleLabel({ role: undefined, storedRole: row.storedRole ?? undefined }),
          row.status ?? '-',
          row.clientId ?? '-',
          row.ownedBy ?? '-',
        ]),
      );
      for (const row of rows)
        if ('availableFrom' in row)
          println(
            io,
            `${row.phone} rests before reuse since ${row.restingSince ?? '(unknown)'}: back in the pool ${row.availableFrom ? `from ${row.availableFrom}` : 'once the waiting-list job dates its rest (NUMBER_QUARANTINE_DAYS)'}`,
          );
      println(io, plural(rows.length, 'number'));
    });
}

function registerNumbersShow(numbers: Command, context: CommandContext): void {
  const { io } = context;
  numbers
    .command('show')
    .description('show a number: its record, the client that owns it, and the role the webhooks resolve for it')
    .argument('<phone>', 'the number, in any common format', phoneArgument)
    .option('--json', 'print JSON')
    .action(async (phone: E164, options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const { record, owner } = await session.admin.readNumber(phone);
      const resolved = await resolveNumberRole(phone, {
        directory: session.directory,
        onboardingNumber: await session.onboardingNumber(),
        logger: silentLogger,
      });
      const resolution = {
        role: resolved.role,
        source: resolved.source,
        description: getNumberRoleDescription(resolved.role),
      };
      if (options.json) {
        printJson(io, {
          phone,
          record: record
            ? {
                role: record.role ?? null,
                storedRole: record.storedRole ?? null,
                status: record.status ?? null,
                clientId: record.clientId ?? null,
              }
            : null,
          owner: owner ?? null,
          resolution,
        });
      } else {
        println(io, phone);
        if (record) {
          println(io, `  role:        ${roleLabel(record)}`);
          println(io, `  status:      ${record.status ?? '(none)'}`);
          println(io, `  client:      ${record.clientId ?? '(none)'}`);
        } else {
          println(io, '  not in the number table');
        }
        println(
          io,
          `  owned by:    ${owner ? `${owner.id}, ${owner.businessName} (owner ${owner.ownerPhone})` : '(no client)'}`,
        );
        println(
          io,
          `  resolves to: ${resolution.role}, from ${SOURCE_LABELS[resolution.source]}: ${resolution.description}`,
        );
      }
      context.setExitCode(record ? ExitCode.OK : ExitCode.FINDINGS);
    });
}

function registerNumbersAdd(numbers: Command, context: CommandContext): void {
  numbers
    .command('add')
    .description('add a number to the number table with an explicit role')
    .argument('<phone>', 'the number, in any common format', phoneArgument)
    .requiredOption('--role <role>', `its role (${ROLE_CHOICES})`, roleArgument)
    .option('--client <id>', 'the client that owns it (OPERATIONAL only; the client must exist)')
    .option(
      '--status <status>',
      `its status (${STATUS_CHOICES}; default by role: ASSIGNED, RESERVED, AVAILABLE)`,
      statusArgument,
    )
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  numbers add 447476955160 --role SYSTEM\n  numbers add +447476955161 --role OPERATIONAL --client c1',
    )
    .action(
      async (
        phone: E164,
        options: { role: TwilioNumberRole; client?: string; status?: NumberStatus; dryRun?: boolean },
        command: Command,
      ) => {
        await applyNumberChange(
          context,
          command,
          phone,
          { kind: 'add', role: options.role, ...clientAndStatus(options) },
          options,
        );
      },
    );
}

function registerNumbersSetRole(numbers: Command, context: CommandContext): void {
  numbers
    .command('set-role')
    .description("change a number's role; moving a number a client owns away from OPERATIONAL needs --release")
    .argument('<phone>', 'the number, in any common format', phoneArgument)
    .argument('<role>', `the new role (${ROLE_CHOICES})`, roleArgument)
    .option(
      '--client <id>',
      'the client that owns it (OPERATIONAL only; the client must exist and own no other number)',
    )
    .option(
      '--status <status>',
      `its status (${STATUS_CHOICES}; default: kept if the role is unchanged, else by role)`,
      statusArgument,
    )
    .option('--release', 'also take the number away from the client that owns it')
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  numbers set-role +447476955131 OPERATIONAL --client c3\n  numbers set-role +447476955110 SYSTEM --release',
    )
    .action(
      async (
        phone: E164,
        role: TwilioNumberRole,
        options: { client?: string; status?: NumberStatus; release?: boolean; dryRun?: boolean },
        command: Command,
      ) => {
        await applyNumberChange(
          context,
          command,
          phone,
          { kind: 'set-role', role, ...clientAndStatus(options), ...(options.release ? { release: true } : {}) },
          options,
        );
      },
    );
}

function registerNumbersRelease(numbers: Command, context: CommandContext): void {
  numbers
    .command('release')
    .description('return a number to the pool (SYSTEM, AVAILABLE); the client that owned it is left without a number')
    .argument('<phone>', 'the number, in any common format', phoneArgument)
    .option('--dry-run', 'show what would change, write nothing')
    .action(async (phone: E164, options: { dryRun?: boolean }, command: Command) => {
      await applyNumberChange(context, command, phone, { kind: 'release' }, options);
    });
}

/** Opens the target and makes one number change (plan, confirmation, write and output: changeNumber). */
async function applyNumberChange(
  context: CommandContext,
  command: Command,
  phone: E164,
  request: NumberChangeRequest,
  options: { dryRun?: boolean },
): Promise<void> {
  const session = await context.openSession(command);
  await changeNumber(session, context.io, phone, request, options, { context, command });
}

function clientAndStatus(options: { client?: string; status?: NumberStatus }): {
  clientId?: string;
  status?: NumberStatus;
} {
  return {
    ...(options.client ? { clientId: options.client } : {}),
    ...(options.status ? { status: options.status } : {}),
  };
}
