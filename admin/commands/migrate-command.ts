import type { Command } from 'commander';
import { planNameClaims } from '../../shared/domain/admin/plan-name-claims';
import type { NumberHolder } from '../../shared/domain/admin/plan-tenure-migration';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { onboardingTenure } from '../../shared/domain/numbers/tenure';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printJson, println, progress } from '../output';
import { claimNames, nameLines, plannedNames } from './migrate-names';

/**
 * `migrate` (issue 17): moves each business's jobs, ledger, budgets and cooldowns from its number's partition
 * (`BIZ#<number>`) to its client's (`CLIENT#<clientId>`). Resumable and idempotent: run it again after a failure, and
 * a second run changes nothing. docs/operations.md says when to run it.
 * It also claims each existing client's name (issue 17 §5: clients created before names were claimed have no claim, so
 * a look-alike could still sign up); a name another client already holds is left alone and reported as a conflict.
 */
export function registerMigrateCommand(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description(
      "move each business's activity from its number's partition to its client's and claim each business name (issue 17); safe to rerun",
    )
    .option('--dry-run', 'show what would move, change nothing')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      const { io } = context;
      const session = await context.openSession(command);
      const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
      // Whose counters a number's are now: its owner's; the onboarding number's own; nobody's (dropped).
      const holders = new Map<E164, NumberHolder>();
      for (const record of snapshot.numbers)
        holders.set(
          record.phone,
          record.role === TwilioNumberRole.ONBOARDING
            ? { clientId: onboardingTenure(record.phone).clientId }
            : undefined,
        );
      for (const client of snapshot.clients)
        if (client.twilioNumber) holders.set(client.twilioNumber, { clientId: client.id });
      const entries = await session.migration.plan(holders);
      const names = planNameClaims(snapshot.clients, await session.nameClaims.readClaims());
      const count = (kind: string) => entries.filter((entry) => entry.step.kind === kind).length;
      const planned = {
        numbers: new Set(entries.map((entry) => entry.number)).size,
        jobs: count('move-job'),
        counters: entries.length - count('move-job') - count('drop'),
        dropped: count('drop'),
      };
      const summary = `${planned.jobs} job(s) and ${planned.counters} counter(s) or cooldown(s) of ${planned.numbers} number(s) to move to their clients; ${planned.dropped} counter(s) of numbers nobody owns to drop`;
      const nothingToWrite = entries.length === 0 && names.toClaim.length === 0;
      if (options.dryRun || nothingToWrite) {
        const namesResult = plannedNames(names);
        if (options.json) return printJson(io, { dryRun: Boolean(options.dryRun), planned, names: namesResult });
        println(
          io,
          entries.length === 0 ? 'Nothing to migrate: every business is in its own partition' : `Would move ${summary}`,
        );
        for (const line of nameLines(namesResult)) println(io, line);
        return;
      }
      await confirmDeployedChange(context, command, [
        `move ${summary}`,
        `claim ${names.toClaim.length} business name(s)`,
      ]);
      const report = await session.migration.apply(entries);
      const claimed = await claimNames(session, snapshot.clients, names);
      if (claimed.changed?.length) context.setExitCode(1);
      if (options.json) return printJson(io, { dryRun: false, planned, report, names: claimed });
      println(
        io,
        `Moved ${report.moved} job(s), merged ${report.merged} counter(s) or cooldown(s), dropped ${report.dropped}, of ${report.numbers} number(s)${report.closedOnCollision > 0 ? `; ${report.closedOnCollision} old open job(s) kept as closed (the customer had a newer one)` : ''}`,
      );
      for (const line of nameLines(claimed)) println(io, line);
    });
}
