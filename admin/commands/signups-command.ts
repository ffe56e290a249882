import type { Command } from 'commander';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { decideSignup, type SignupDecision } from '../../shared/domain/signup/decide-signup';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { systemClock } from '../../shared/ports/clock';
import { phoneArgument } from '../arguments';
import type { CommandContext } from '../command-context';
import { plural, printJson, println, printTable } from '../output';

/** Sign-ups waiting for an operator (SIGNUP_APPROVAL_REQUIRED): list them, approve or reject one. */
export function registerSignupsCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const signups = program.command('signups').description('sign-ups waiting for an operator: list, approve, reject');

  signups
    .command('list')
    .description('list the completed sign-ups waiting for approval, oldest first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const pending = await session.signups.pendingApprovals();
      if (options.json) return printJson(io, pending);
      printTable(
        io,
        ['PHONE', 'BUSINESS', 'ALERTS TO', 'SINCE'],
        pending.map((entry) => [
          entry.phone,
          entry.businessName,
          entry.notifyPhone === entry.phone ? '(same phone)' : entry.notifyPhone,
          entry.since,
        ]),
      );
      println(io, `${plural(pending.length, 'sign-up')} waiting for approval`);
    });

  const decide = (decision: SignupDecision, description: string, done: (phone: E164) => string) =>
    signups
      .command(decision)
      .description(description)
      .argument('<phone>', 'the phone the owner signed up from', phoneArgument)
      .action(async (phone: E164, _options: unknown, command: Command) => {
        const session = await context.openSession(command);
        await confirmDeployedChange(context, command, [
          `${phone}: sign-up ${decision === 'approve' ? 'approved' : 'rejected'}`,
        ]);
        await decideSignup(phone, decision, { signups: session.signups, clock: systemClock });
        println(io, done(phone));
      });

  decide(
    'approve',
    'approve a sign-up: the waiting-list job assigns its number and texts it to the owner from the onboarding number',
    (phone) =>
      `approved ${phone}: the waiting-list job assigns its number and texts it (every 5 minutes; on the waiting list while the pool is empty)`,
  );
  decide(
    'reject',
    'reject a sign-up: the owner is told politely by the waiting-list job, and the conversation ends',
    (phone) => `rejected ${phone}: the waiting-list job tells the owner, and later texts from it get no reply`,
  );
}
