import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { ConcurrentChangeError, RefusedError } from '../../shared/domain/admin/admin-errors';
import type { ClientAccount } from '../../shared/domain/admin/admin-records';
import {
  checkOwnerPhone,
  clientBusinessName,
  clientHours,
  type NamedPhoneFacts,
} from '../../shared/domain/admin/client-rules';
import { parseSpamScreen } from '../../shared/domain/calls/spam-screen';
import { NumberStatus, TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { BusinessNameTakenError } from '../../shared/domain/common/errors';
import { assignNumber } from '../../shared/domain/signup/assign-number';
import type { NumberPool } from '../../shared/ports/number-pool';
import { ExitCode, UsageError } from '../admin-io';
import type { AdminSession } from '../admin-target';
import { phoneArgument } from '../arguments';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printJson, println } from '../output';
import { changeNumber } from './change-number';
import { clientWithNumber, writeClientSettings } from './client-settings';

/** `clients add|set-owner|set-hours|set-spam|remove`: clients by command, under every rule the SMS sign-up applies. */
export function registerClientChangeCommands(clients: Command, context: CommandContext): void {
  registerClientsAdd(clients, context);
  registerClientsSetOwner(clients, context);
  registerClientsSetHours(clients, context);
  registerClientsSetSpam(clients, context);
  registerClientsRemove(clients, context);
}

function registerClientsAdd(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('add')
    .description('add a client with a number from the pool, as SMS sign-up does (same name, phone and pool rules)')
    .requiredOption('--name <name>', 'the business name (2 to 40 characters, no link, address or phone number)')
    .requiredOption('--owner <phone>', "the owner's mobile", phoneArgument)
    .option(
      '--alert <phone>',
      'the mobile that gets the alerts and answers for the owner (default: --owner)',
      phoneArgument,
    )
    .option(
      '--number <phone>',
      'this free pool number (SYSTEM, AVAILABLE) (default: the next one, as sign-up takes)',
      phoneArgument,
    )
    .option('--hours <spec>', 'opening hours, e.g. "Mon-Fri 08:00-18:00, Sat 09:00-12:00" (default: open at any time)')
    .option('--time-zone <zone>', "the hours' time zone, e.g. Europe/London (default: the number's country's)")
    .option('--json', 'print JSON')
    .action(async (options: AddOptions, command: Command) => {
      const session = await context.openSession(command);
      const businessName = clientBusinessName(options.name);
      if ((await session.pool.nameHolder(businessName)) !== undefined) throw nameTooClose(businessName);
      if (options.timeZone && !options.hours) throw new UsageError('--time-zone goes with --hours');
      checkOwnerPhone(options.owner, await namedPhoneFacts(session, options.owner), '--owner');
      if (options.alert && options.alert !== options.owner)
        checkOwnerPhone(options.alert, await namedPhoneFacts(session, options.alert), '--alert');
      const ownerPhone = options.alert ?? options.owner;
      const candidate = options.number ?? (await nextPoolNumber(session));
      if (options.number) await requireFreePoolNumber(session, options.number);
      const hours = options.hours
        ? clientHours(options.hours, options.timeZone, { twilioNumber: candidate })
        : undefined;
      const clientId = `c-${randomUUID().slice(0, 8)}`;
      await confirmDeployedChange(context, command, [
        `new client ${clientId}: ${businessName}, owner phone ${ownerPhone}`,
        `number ${options.number ?? `the next free pool number (now ${candidate})`}`,
        ...(hours ? [`hours ${hours.text} (${hours.timeZone})`] : []),
      ]);

      const pool = options.number ? onlyThisNumber(session.pool, options.number) : session.pool;
      const number = await assignNumber(
        { clientId, businessName, ownerPhone },
        { pool, optOuts: session.optOuts },
        new Date(),
      ).catch((error: unknown) => {
        throw error instanceof BusinessNameTakenError ? nameTooClose(businessName) : error;
      });
      if (!number)
        throw new RefusedError(
          options.number ? `${options.number} was taken while this command ran: nothing changed` : EMPTY_POOL,
        );
      if (hours) await session.directory.updateCallSettings(number, { hours });

      if (options.json)
        return printJson(io, { clientId, businessName, ownerPhone, twilioNumber: number, ...(hours ? { hours } : {}) });
      println(io, `${clientId}: ${businessName}, number ${number}`);
      println(
        io,
        `  owner phone: ${ownerPhone}${options.alert && options.alert !== options.owner ? ` (alerts; owner ${options.owner})` : ''}`,
      );
      println(io, `  hours:       ${hours ? `${hours.text} (${hours.timeZone})` : 'open at any time'}`);
    });
}

function registerClientsSetOwner(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-owner')
    .description("change the phone that gets a client's alerts and answers for the owner (same rules as sign-up)")
    .argument('<id>', 'the client id')
    .argument('<phone>', "the owner's new mobile", phoneArgument)
    .action(async (id: string, phone: E164, _options: unknown, command: Command) => {
      const session = await context.openSession(command);
      const client = await findClient(session, id);
      if (!client) return noClient(context, id);
      if (client.ownerPhone === phone) return println(io, `${client.id}: unchanged (owner phone already ${phone})`);
      checkOwnerPhone(phone, await namedPhoneFacts(session, phone), 'the owner phone', client.id);
      await confirmDeployedChange(context, command, [
        `client ${client.id} (${client.businessName}): owner phone ${client.ownerPhone} -> ${phone}`,
      ]);
      if (!(await session.clients.setOwnerPhone(client, phone)))
        throw new ConcurrentChangeError(`client ${client.id} changed while this command ran: run it again`);
      println(io, `${client.id} (${client.businessName}): owner phone ${client.ownerPhone} -> ${phone}`);
    });
}

function registerClientsSetHours(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-hours')
    .description('set the opening hours of a client, as the owner\'s HOURS text does ("off": open at any time)')
    .argument('<id>', 'the client id')
    .argument('<spec>', 'e.g. "Mon-Fri 08:00-18:00, Sat 09:00-12:00", or off')
    .option('--time-zone <zone>', "e.g. Europe/London (default: the client's, else its number's country's)")
    .action(async (id: string, spec: string, options: { timeZone?: string }, command: Command) => {
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const off = spec.trim().toLowerCase() === 'off';
      const hours = off ? null : clientHours(spec, options.timeZone, client);
      const now = client.hours && client.timeZone ? `${client.hours} (${client.timeZone})` : 'open at any time';
      const next = hours ? `${hours.text} (${hours.timeZone})` : 'open at any time';
      if (now === next) return println(io, `${client.id}: unchanged (hours already ${now})`);
      await confirmDeployedChange(context, command, [
        `client ${client.id} (${client.businessName}): hours ${now} -> ${next}`,
      ]);
      await writeClientSettings(session, client, { hours });
      println(io, `${client.id} (${client.businessName}): hours ${now} -> ${next}`);
    });
}

/** Issue 19: as the owner's `SPAM ON|OFF|STRICT` text does. */
function registerClientsSetSpam(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-spam')
    .description(
      "set a client's spam screening, as the owner's SPAM text does: callers whose caller ID failed verification get no text-back",
    )
    .argument('<id>', 'the client id')
    .argument('<setting>', 'on (the default: failed verification), strict (also no verification) or off')
    .action(async (id: string, setting: string, _options: unknown, command: Command) => {
      const spamScreen = parseSpamScreen(setting.trim().toLowerCase());
      if (!spamScreen) throw new UsageError(`"${setting}" is not a spam setting: on, strict or off`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const now = client.spamScreen ?? 'on';
      if (now === spamScreen) return println(io, `${client.id}: unchanged (spam screening already ${now})`);
      const change = `client ${client.id} (${client.businessName}): spam screening ${now} -> ${spamScreen}`;
      await confirmDeployedChange(context, command, [change]);
      await writeClientSettings(session, client, { spamScreen });
      println(io, change);
    });
}

function registerClientsRemove(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('remove')
    .description(
      'remove a client: its number goes back to the pool exactly as "numbers release" does, then its record goes',
    )
    .argument('<id>', 'the client id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const session = await context.openSession(command);
      const client = await findClient(session, id);
      if (!client) return noClient(context, id);
      const removal = `client ${client.id} (${client.businessName}) removed`;
      if (client.twilioNumber) {
        await changeNumber(
          session,
          io,
          client.twilioNumber,
          { kind: 'release' },
          {},
          { context, command, alsoChanges: [removal] },
        );
      } else {
        await confirmDeployedChange(context, command, [removal]);
      }
      if (!(await session.clients.deleteClientWithoutNumber(client.id, client.businessName)))
        throw new ConcurrentChangeError(`client ${client.id} changed while this command ran: run it again`);
      println(io, removal);
    });
}

interface AddOptions {
  name: string;
  owner: E164;
  alert?: E164;
  number?: E164;
  hours?: string;
  timeZone?: string;
  json?: boolean;
}

const nameTooClose = (businessName: string) =>
  new RefusedError(`too close to an existing business name: ${JSON.stringify(businessName)}`);

const EMPTY_POOL =
  'the pool has no free number (SYSTEM, AVAILABLE): add one with "numbers add <phone> --role SYSTEM" or "setup --pool"';

/** The client's record that owns a number, else its record without one. */
async function findClient(session: AdminSession, id: string): Promise<ClientAccount | undefined> {
  const items = await session.admin.findClient(id);
  return items.find((item) => item.twilioNumber) ?? items[0];
}

function noClient(context: CommandContext, id: string): void {
  println(context.io, `no client ${id}`);
  context.setExitCode(ExitCode.FINDINGS);
}

/** What the owner-phone rule needs to know of a phone, in the reads sign-up makes. */
async function namedPhoneFacts(session: AdminSession, phone: E164): Promise<NamedPhoneFacts> {
  const [{ record, owner }, onboardingNumber, existing] = await Promise.all([
    session.admin.readNumber(phone),
    session.onboardingNumber(),
    session.pool.findClientByOwnerPhone(phone),
  ]);
  return {
    ours: record !== undefined || owner !== undefined || phone === onboardingNumber,
    ...(existing ? { ownerOf: existing.id } : {}),
  };
}

async function nextPoolNumber(session: AdminSession): Promise<E164> {
  const [next] = await session.pool.availableNumbers(1);
  if (!next) throw new RefusedError(EMPTY_POOL);
  return next;
}

/** `--number` must be a pool number sign-up could take: SYSTEM, AVAILABLE, nobody's. */
async function requireFreePoolNumber(session: AdminSession, phone: E164): Promise<void> {
  const { record, owner } = await session.admin.readNumber(phone);
  if (!record)
    throw new RefusedError(
      `${phone} is not in the number table: add it to the pool first ("numbers add ${phone} --role SYSTEM")`,
    );
  if (owner) throw new RefusedError(`${phone} is owned by client ${owner.id}`);
  if (record.role !== TwilioNumberRole.SYSTEM || record.status !== NumberStatus.AVAILABLE || record.clientId)
    throw new RefusedError(
      `${phone} is not a free pool number (it is ${record.role ?? 'without a role'}, ${record.status ?? 'no status'}${record.clientId ? `, client ${record.clientId}` : ''}): only a SYSTEM, AVAILABLE number is given to a client`,
    );
}

/** The pool as sign-up sees it, narrowed to one number: assignNumber reserves that one or none. */
function onlyThisNumber(pool: NumberPool, phone: E164): NumberPool {
  return {
    availableNumbers: async () => [phone],
    reserve: (number, clientId, at) => pool.reserve(number, clientId, at),
    findReservation: (clientId) => pool.findReservation(clientId),
    createClient: (client, at) => pool.createClient(client, at),
    promote: (number, clientId, at) => pool.promote(number, clientId, at),
    findClientByOwnerPhone: (ownerPhone) => pool.findClientByOwnerPhone(ownerPhone),
    nameHolder: (businessName) => pool.nameHolder(businessName),
  };
}
