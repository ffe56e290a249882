import type { Command } from 'commander';
import { confirmDeployedChange } from '../confirm-deployed-change';
import {
  decideSignup,
  readSignupForDecision,
  SignupChangedError,
  SIGNUP_CHANGED,
  type SignupDecision,
} from '../../shared/domain/signup/decide-signup';
import { signupFingerprint, type ShownSignup } from '../../shared/domain/signup/signup-fingerprint';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { systemClock } from '../../shared/ports/clock';
import { phoneArgument } from '../arguments';
import type { CommandContext } from '../command-context';
import { plural, printJson, println, printTable } from '../output';

interface DecideOptions {
  fingerprint?: string;
  json?: boolean;
}

const describeShown = (shown: ShownSignup) =>
  `business "${shown.businessName}", owner phone ${shown.ownerPhone}, alerts to ${shown.notifyPhone} (fingerprint ${signupFingerprint(shown)})`;

/** Sign-ups waiting for an operator (SIGNUP_APPROVAL_REQUIRED): list them, approve or reject one. */
export function registerSignupsCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const signups = program.command('signups').description('sign-ups waiting for an operator: list, approve, reject');

  signups
    .command('list')
    .description('list the completed sign-ups waiting for approval, oldest first, each with a fingerprint to approve')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const pending = (await session.signups.pendingApprovals()).map((entry) => ({
        ...entry,
        ownerPhone: entry.phone,
        fingerprint: signupFingerprint({ ...entry, ownerPhone: entry.phone }),
      }));
      if (options.json) return printJson(io, pending);
      printTable(
        io,
        ['PHONE', 'BUSINESS', 'ALERTS TO', 'SINCE', 'FINGERPRINT'],
        pending.map((entry) => [
          entry.phone,
          entry.businessName,
          entry.notifyPhone === entry.phone ? '(same phone)' : entry.notifyPhone,
          entry.since,
          entry.fingerprint,
        ]),
      );
      println(io, `${plural(pending.length, 'sign-up')} waiting for approval`);
    });

  const decide = (decision: SignupDecision, description: string, done: (phone: E164) => string) =>
    signups
      .command(decision)
      .description(description)
      .argument('<phone>', 'the phone the owner signed up from', phoneArgument)
      .option('--fingerprint <f>', 'the FINGERPRINT `signups list` showed: refused if the sign-up changed since')
      .option('--json', 'print JSON')
      .action(async (phone: E164, options: DecideOptions, command: Command) => {
        const session = await context.openSession(command);
        const deps = { signups: session.signups, clock: systemClock };
        // What the operator confirms is what the approval stores: the write is conditional on these values.
        const { shown } = await readSignupForDecision(phone, deps);
        const listed = options.fingerprint ? { fingerprint: options.fingerprint } : shown;
        try {
          if (options.fingerprint && signupFingerprint(shown) !== options.fingerprint.trim().toLowerCase())
            throw new SignupChangedError(phone, shown);
          await confirmDeployedChange(context, command, [
            `${phone}: sign-up ${decision === 'approve' ? 'approved' : 'rejected'}: ${describeShown(shown)}`,
          ]);
          await decideSignup(phone, decision, deps, listed);
        } catch (error) {
          if (options.json && error instanceof SignupChangedError)
            printJson(io, {
              error: SIGNUP_CHANGED,
              phone,
              decision,
              [decision === 'approve' ? 'approved' : 'rejected']: false,
            });
          throw error;
        }
        if (options.json) return printJson(io, { phone, decision, ...shown, fingerprint: signupFingerprint(shown) });
        println(io, `${done(phone)}\n  ${describeShown(shown)}`);
      });

  decide(
    'approve',
    'approve a sign-up exactly as listed: the waiting-list job assigns its number and texts it to the owner from the onboarding number',
    (phone) =>
      `approved ${phone}: the waiting-list job assigns its number and texts it (every 5 minutes; on the waiting list while the pool is empty)`,
  );
  decide(
    'reject',
    'reject a sign-up: the owner is told politely by the waiting-list job, and the conversation ends',
    (phone) => `rejected ${phone}: the waiting-list job tells the owner, and later texts from it get no reply`,
  );
}
