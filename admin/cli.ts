import { Command, CommanderError, Help, Option } from 'commander';
import { ConcurrentChangeError, RefusedError } from '../shared/domain/admin/admin-errors';
import { ExitCode, processIo, TargetError, UsageError, type AdminIo } from './admin-io';
import { openSession, type AdminSession, type TargetOptions } from './admin-target';
import { phoneArgument } from './arguments';
import { isConnectionFailure, localDynamoAddress, unreachable, type LocalAddress } from './local-addresses';
import type { CommandContext } from './command-context';
import { registerAuditCommand } from './commands/audit-command';
import { registerClientsCommands } from './commands/clients-command';
import { registerImportCommand } from './commands/import-command';
import { registerJobsCommands } from './commands/jobs-command';
import { registerNumbersCommands } from './commands/numbers-command';
import { registerSetupCommand } from './commands/setup-command';
import { registerSignupsCommands } from './commands/signups-command';
import { registerReplayCommand } from './commands/replay-command';
import { registerMigrateCommand } from './commands/migrate-command';
import { registerSimulateCommands } from './commands/simulate-command';
import { stackName } from './stack-outputs';
import { printable } from './terminal-text';

/**
 * Runs one admin command and returns its exit code: 0 ok, 1 findings or refused, 2 usage.
 * Everything goes through `io`, so tests run it in-process.
 */
export async function run(argv: readonly string[], io: AdminIo): Promise<number> {
  let exitCode: number = ExitCode.OK;
  let target: FailureTarget = { description: 'the target' };
  const sessions: AdminSession[] = [];
  const context: CommandContext = {
    io,
    openSession: async (command) => {
      const options = targetOptions(command.optsWithGlobals());
      target = options.env
        ? { description: `stack ${stackName(options.env)}` }
        : { description: 'the local DynamoDB', address: localDynamoAddress(io.env, options.endpoint) };
      const session = await openSession(options, io);
      target = { description: session.description, ...(session.address ? { address: session.address } : {}) };
      sessions.push(session);
      return session;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  try {
    await buildProgram(context).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io, target);
  } finally {
    for (const session of sessions) session.close();
  }
}

/** The whole command tree; `run` parses argv with it, tests walk it. */
export function buildProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command('mct-admin')
    .description(
      'Operate the missed-call text-back service: numbers and their roles, clients, jobs, the invariant audit, legacy import, simulated calls and texts.',
    )
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .configureHelp({ showGlobalOptions: true, optionDescription: describeOption })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .option(
      '--env <name>',
      'a deployed environment: tables and onboarding number from the outputs of stack MissedCallTextBack-<name>',
    )
    .option('--region <region>', 'AWS region of --env (default: the normal AWS configuration)')
    .option('--profile <profile>', 'AWS profile of --env (default: the normal credential chain)')
    .addOption(
      new Option(
        '--endpoint <url>',
        'the local DynamoDB (default http://127.0.0.1:$DYNAMODB_PORT, the same DYNAMODB_PORT as "npm start", 8000 when unset)',
      ).conflicts('env'),
    )
    .option(
      '--onboarding-number <phone>',
      'the configured onboarding number (default: the stack output, or the local seed)',
      phoneArgument,
    )
    .option('-y, --yes', 'change a deployed environment (--env) without being asked to confirm')
    .addHelpText(
      'after',
      '\nBy default every command works on the local embedded DynamoDB of "npm start".\n' +
        'Commands that change a deployed environment (--env) show the change and ask you to type its name; --yes skips that.\n' +
        'Exit codes: 0 ok, 1 findings or refused, 2 usage.',
    );

  registerSetupCommand(program, context);
  registerNumbersCommands(program, context);
  registerClientsCommands(program, context);
  registerJobsCommands(program, context);
  registerAuditCommand(program, context);
  registerImportCommand(program, context);
  registerSignupsCommands(program, context);
  registerSimulateCommands(program, context);
  registerReplayCommand(program, context);
  registerMigrateCommand(program, context);
  program.addHelpText('after', () => `\n${commandIndex(program)}`);
  return program;
}

/** Commander's description of an option, with "(required)" for one the command cannot run without. */
function describeOption(this: Help, option: Option): string {
  const base = Help.prototype.optionDescription.call(this, option);
  return option.mandatory ? `${base} (required)` : base;
}

/** Every command the CLI runs, by its full name, under the top-level help (a group's own line hides its subcommands). */
export function commandIndex(program: Command): string {
  const leaves: [string, string][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      const words = [...path, sub.name()];
      if (sub.commands.length > 0) walk(sub, words);
      else leaves.push([words.join(' '), sub.description()]);
    }
  };
  walk(program, []);
  const width = Math.max(...leaves.map(([name]) => name.length));
  return [
    'Every command (mct-admin <command> --help shows its options):',
    ...leaves.map(([name, description]) => `  ${name.padEnd(width)}  ${description}`),
  ].join('\n');
}

function targetOptions(options: Record<string, unknown>): TargetOptions {
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  const env = text('env');
  const region = text('region');
  const profile = text('profile');
  const endpoint = text('endpoint');
  if (!env && (region || profile)) throw new UsageError('--region and --profile go with --env');
  return {
    ...(env ? { env } : {}),
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.onboardingNumber
      ? { onboardingNumber: options.onboardingNumber as TargetOptions['onboardingNumber'] }
      : {}),
  };
}

/** Every error is mapped here, once, to a message and an exit code; no stack traces for operators. */
/** What a command was talking to when it failed: its description, and locally where it looked. */
interface FailureTarget {
  description: string;
  address?: LocalAddress;
}

function reportError(error: unknown, io: AdminIo, target: FailureTarget): number {
  if (error instanceof CommanderError) {
    // Commander has already printed help or the usage error.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? ExitCode.OK
      : ExitCode.USAGE;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${printable(error.message)}\n`);
    return ExitCode.USAGE;
  }
  if (error instanceof RefusedError) {
    io.stderr(`refused: ${printable(error.reason)}\n`);
    return ExitCode.FINDINGS;
  }
  if (error instanceof ConcurrentChangeError || error instanceof TargetError) {
    io.stderr(`error: ${printable(error.message)}\n`);
    return ExitCode.FINDINGS;
  }
  io.stderr(`error: ${printable(describeFailure(error, target))}\n`);
  return ExitCode.FINDINGS;
}

function describeFailure(error: unknown, target: FailureTarget): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionFailure(error)) {
    return target.address
      ? unreachable('the local DynamoDB', target.address, '', error).message
      : `cannot reach ${target.description}`;
  }
  if (name === 'ResourceNotFoundException') return `${target.description}: table not found (${message})`;
  if (name === 'CredentialsProviderError') return `no AWS credentials for ${target.description}: ${message}`;
  return `${name ? `${name}: ` : ''}${message}`;
}

/** The process entry: `npm run admin` and the `mct-admin` bin (admin/mct-admin.cjs). */
export async function main(): Promise<void> {
  // The SDK's Node 20 end-of-support notice is not the operator's concern.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await run(process.argv.slice(2), processIo());
}

if (require.main === module) void main();
