import { InvalidArgumentError, type Command } from 'commander';
import type { DirectorySnapshot } from '../../shared/domain/admin/admin-records';
import { auditDirectory, type AuditReport } from '../../shared/domain/admin/audit-directory';
import { auditWebhookUrls } from '../../shared/domain/admin/audit-webhook-urls';
import type { NumberChange } from '../../shared/domain/admin/plan-number-change';
import { planSetup, type SetupChoice, type SetupPlan } from '../../shared/domain/admin/plan-setup';
import { planWebhookUrls } from '../../shared/domain/admin/plan-webhook-urls';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { AccountPhoneNumber } from '../../shared/ports/phone-number-account';
import { ExitCode, UsageError } from '../admin-io';
import type { AdminSession } from '../admin-target';
import { phoneArgument } from '../arguments';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { plural, printJson, println, progress } from '../output';
import { listAccountNumbers, openTwilioTarget, type TwilioTarget } from '../twilio-target';
import { planChangeFor } from './change-number';
import { describeChange } from './webhook-urls-command';

interface SetupOptions {
  onboarding?: E164;
  pool?: E164[];
  json?: boolean;
}

/**
 * `setup`: from the numbers on the Twilio account to a clean audit in one command. Reads the account's numbers, takes
 * the onboarding number and the pool (flags, or questions at a terminal), writes their roles with the rules of
 * `numbers add|set-role`, points every number at the webhooks as `numbers wire` does, then runs the audit. Changes
 * only what differs, so a second run changes nothing and says so.
 */
export function registerSetupCommand(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('setup')
    .description(
      "set up the account's numbers: the onboarding number and the pool get their roles, every number its webhooks, then the audit runs",
    )
    .option('--onboarding <phone>', 'the onboarding (sign-up) number (default: the configured one)', phoneArgument)
    .option(
      '--pool <phones>',
      'the pool numbers, comma-separated, or "none" (default: asked at a terminal)',
      poolArgument,
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      [
        '',
        "At a terminal it shows the account's numbers and asks for what the flags leave out; without one, give --pool",
        "(or --yes to take every other number on the account that no client owns). A client's number is never taken",
        'for the pool. Run it again after buying numbers: it changes only what differs and says what it changed.',
        'Exit 1 when the audit afterwards finds a breach or a number could not be pointed at the webhooks.',
      ].join('\n'),
    )
    .action(async (options: SetupOptions, command: Command) => {
      const session = await context.openSession(command);
      const twilio = await openTwilioTarget(command, io);
      const [account, before, configured] = await Promise.all([
        listAccountNumbers(twilio),
        session.admin.readSnapshot(),
        session.onboardingNumber(),
      ]);
      const ownerOf = new Map(
        before.clients.flatMap((client) => (client.twilioNumber ? [[client.twilioNumber as string, client.id]] : [])),
      ) as Map<string, string>;
      const choice = await chooseNumbers(context, command, options, { account, before, ownerOf, configured });
      const plan = planSetup(choice, account, before.numbers, ownerOf);

      const changes = await planRecordChanges(session, plan);
      const planned = plannedNumbers(before, changes);
      const webhooks = planWebhookUrls(planned, account, twilio.urls);

      const described = [
        ...changes
          .filter((change) => change.changed)
          .map((change) => `${change.phone}: ${change.description.join('; ')}`),
        ...webhooks.changes.map((change) => `${change.phone} (${change.role}): webhooks ${describeChange(change)}`),
      ];
      if (described.length > 0) await confirmDeployedChange(context, command, described);
      for (const change of changes) if (change.changed) await session.admin.applyChange(change);
      const pointed = await pointWebhooks(twilio, webhooks.changes);

      const audit = await auditAfterSetup(session, twilio, configured, command);
      const failed = audit.breaches.length > 0 || pointed.failures.length > 0;
      context.setExitCode(failed ? ExitCode.FINDINGS : ExitCode.OK);

      const numberChanges = changes
        .filter((change) => change.changed)
        .map((change) => ({ phone: change.phone, changes: change.description, warnings: change.warnings }));
      if (options.json) {
        return printJson(io, {
          target: session.description,
          twilio: twilio.description,
          onboardingNumber: choice.onboarding,
          pool: choice.pool,
          changed: numberChanges.length > 0 || pointed.applied.length > 0,
          numbers: numberChanges,
          webhooks: { applied: pointed.applied, failures: pointed.failures },
          leftAlone: plan.leftAlone,
          audit: { counts: audit.counts, breaches: audit.breaches },
        });
      }
      printSetup(context, { session, twilio, choice, numberChanges, pointed, leftAlone: plan.leftAlone, audit });
    });
}

/** Every record change, planned (and refused) before anything is written; an ONBOARDING number leaving is not "another". */
async function planRecordChanges(session: AdminSession, plan: SetupPlan): Promise<NumberChange[]> {
  const leaving = plan.requests.flatMap(({ phone, request }) =>
    request.kind !== 'release' && request.role !== TwilioNumberRole.ONBOARDING ? [phone] : [],
  );
  const changes: NumberChange[] = [];
  for (const { phone, request } of plan.requests) changes.push(await planChangeFor(session, phone, request, leaving));
  return changes;
}

/** The audit, as `audit` runs it, over the table and the account as setup left them. */
async function auditAfterSetup(
  session: AdminSession,
  twilio: TwilioTarget,
  configured: E164,
  command: Command,
): Promise<AuditReport> {
  const after = await session.admin.readSnapshot();
  const audit = auditDirectory(after, configured);
  const { env } = command.optsWithGlobals<{ env?: string }>();
  const wired = planWebhookUrls(after.numbers, await listAccountNumbers(twilio), twilio.urls);
  audit.breaches.push(...auditWebhookUrls(wired, `numbers wire${env ? ` --env ${env}` : ''}`));
  return audit;
}

function poolArgument(value: string): E164[] {
  if (value.trim().toLowerCase() === 'none') return [];
  const phones = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (phones.length === 0) throw new InvalidArgumentError('list the pool numbers, comma-separated, or "none".');
  return phones.map(phoneArgument);
}

/** The number table as it will be once the planned changes are written: what the webhooks are planned against. */
function plannedNumbers(before: DirectorySnapshot, changes: readonly NumberChange[]): DirectorySnapshot['numbers'] {
  const changed = new Map(changes.filter((change) => change.changed).map((change) => [change.phone as string, change]));
  const kept = before.numbers.filter((record) => !changed.has(record.phone));
  return [
    ...kept,
    ...[...changed.values()].map((change) => ({
      phone: change.phone,
      role: change.after.role,
      storedRole: change.after.role,
      status: change.after.status,
      ...(change.after.clientId ? { clientId: change.after.clientId } : {}),
    })),
  ] as DirectorySnapshot['numbers'];
}

async function pointWebhooks(
  twilio: TwilioTarget,
  changes: ReturnType<typeof planWebhookUrls>['changes'],
): Promise<{ applied: string[]; failures: { phone: string; error: string }[] }> {
  const applied: string[] = [];
  const failures: { phone: string; error: string }[] = [];
  for (const change of changes) {
    try {
      await twilio.account.update(change.sid, change.required);
      applied.push(change.phone);
    } catch (error) {
      failures.push({ phone: change.phone, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { applied, failures };
}

/**
 * The onboarding number and the pool: from the flags; else asked at a terminal (an empty answer takes the default);
 * else, with --yes, the defaults (the configured onboarding number; every other account number no client owns).
 */
async function chooseNumbers(
  context: CommandContext,
  command: Command,
  options: SetupOptions,
  facts: { account: AccountPhoneNumber[]; before: DirectorySnapshot; ownerOf: Map<string, string>; configured: E164 },
): Promise<SetupChoice> {
  const { io } = context;
  const { yes } = command.optsWithGlobals<{ yes?: boolean }>();
  const roleOf = new Map(facts.before.numbers.map((record) => [record.phone as string, record]));
  const defaultPool = (onboarding: E164) =>
    facts.account
      .map((number) => number.phoneNumber as E164)
      .filter((phone) => phone !== onboarding && !facts.ownerOf.has(phone) && roleOf.get(phone)?.clientId === undefined)
      .filter((phone) => roleOf.get(phone)?.role !== TwilioNumberRole.OPERATIONAL)
      .sort();
  if (options.pool && (options.onboarding || yes || !io.ask))
    return { onboarding: options.onboarding ?? facts.configured, pool: options.pool };
  if (!io.ask || yes) {
    if (!yes)
      throw new UsageError(
        `no terminal to ask on: pass --pool <number,...> (or --yes for every other number on the account); on the account: ${facts.account.map((number) => number.phoneNumber).join(', ') || '(none)'}`,
      );
    const onboarding = options.onboarding ?? facts.configured;
    return { onboarding, pool: options.pool ?? defaultPool(onboarding) };
  }

  progress(io, `Numbers on the Twilio account (${plural(facts.account.length, 'number')}):`);
  for (const number of [...facts.account].sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber))) {
    const record = roleOf.get(number.phoneNumber);
    const owner = facts.ownerOf.get(number.phoneNumber);
    progress(
      io,
      `  ${number.phoneNumber}  ${record?.role ?? 'not in the number table'}${owner ? `, client ${owner}` : ''}`,
    );
  }
  const onboarding =
    options.onboarding ??
    (await askPhone(context, `Onboarding (sign-up) number [${facts.configured}]: `)) ??
    facts.configured;
  if (options.pool) return { onboarding, pool: options.pool };
  const suggested = defaultPool(onboarding);
  const answer = (
    await (io.ask as (question: string) => Promise<string>)(
      `Pool numbers, comma-separated, or none [${suggested.join(',') || 'none'}]: `,
    )
  ).trim();
  return { onboarding, pool: answer === '' ? suggested : parseAnswer(answer) };
}

async function askPhone(context: CommandContext, question: string): Promise<E164 | undefined> {
  const answer = (await (context.io.ask as (question: string) => Promise<string>)(question)).trim();
  return answer === '' ? undefined : parseAnswer(answer, true)[0];
}

function parseAnswer(answer: string, single = false): E164[] {
  try {
    const phones = poolArgument(answer);
    if (single && phones.length !== 1) throw new InvalidArgumentError('give one number.');
    return phones;
  } catch (error) {
    throw new UsageError(`"${answer}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

function printSetup(
  context: CommandContext,
  result: {
    session: AdminSession;
    twilio: TwilioTarget;
    choice: SetupChoice;
    numberChanges: { phone: string; changes: string[]; warnings: string[] }[];
    pointed: { applied: string[]; failures: { phone: string; error: string }[] };
    leftAlone: { phone: string; reason: string }[];
    audit: AuditReport;
  },
): void {
  const { io } = context;
  const { choice, numberChanges, pointed, leftAlone, audit } = result;
  println(io, `Setup of ${result.session.description} with the numbers of ${result.twilio.description}`);
  println(io, `  onboarding: ${choice.onboarding}`);
  println(io, `  pool:       ${choice.pool.join(', ') || '(none)'}`);
  if (numberChanges.length === 0 && pointed.applied.length === 0 && pointed.failures.length === 0)
    println(io, 'Nothing to change: every number already has its role and its webhooks.');
  for (const change of numberChanges) {
    println(io, `  ${change.phone}: ${change.changes.join('; ')}`);
    for (const warning of change.warnings) println(io, `     warning: ${warning}`);
  }
  for (const phone of pointed.applied)
    println(io, `  ${phone}: webhooks pointed at ${result.twilio.urls.voice.replace(/\/twilio\/voice$/, '')}`);
  for (const failure of pointed.failures)
    println(io, `  ${failure.phone}: Twilio refused the webhooks: ${failure.error}`);
  for (const item of leftAlone) println(io, `  ${item.phone}: left alone: ${item.reason}`);
  println(io);
  if (audit.breaches.length === 0) {
    println(io, 'Audit: no breaches, every invariant holds.');
    return;
  }
  println(io, `Audit: ${plural(audit.breaches.length, 'breach', 'breaches')}:`);
  audit.breaches.forEach((breach, index) => {
    println(io, `  ${index + 1}. [${breach.kind}] ${breach.problem}`);
    println(io, `     fix: ${breach.fix}`);
  });
}
