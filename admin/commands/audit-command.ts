import type { Command } from 'commander';
import { auditDirectory } from '../../shared/domain/admin/audit-directory';
import { ExitCode } from '../admin-io';
import type { CommandContext } from '../command-context';
import { plural, printJson, println, progress } from '../output';

export function registerAuditCommand(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('audit')
    .description('check every invariant of the number table and clients; prints each breach with its fix, exits 1 on any')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      [
        '',
        'Checks:',
        '  - exactly one ONBOARDING number, and it is the configured one',
        '  - every OPERATIONAL number has an existing client that owns it',
        '  - no client owns a number that is not OPERATIONAL (or that is missing from the number table)',
        '  - every number has an explicit, valid role',
        '  - no number is both AVAILABLE and owned',
      ].join('\n'),
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const onboardingNumber = await session.onboardingNumber();
      const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
      const report = auditDirectory(snapshot, onboardingNumber);
      context.setExitCode(report.breaches.length > 0 ? ExitCode.FINDINGS : ExitCode.OK);

      if (options.json) return printJson(io, { target: session.description, onboardingNumber, ...report });
      const { counts } = report;
      println(io, `Audit of ${session.description}; configured onboarding number ${onboardingNumber}`);
      println(
        io,
        `Numbers: ${counts.OPERATIONAL} OPERATIONAL, ${counts.ONBOARDING} ONBOARDING, ${counts.SYSTEM} SYSTEM, ${counts.invalid} without a valid role. ` +
          `Clients: ${counts.clients} (${counts.clientsWithoutNumber} without a number).`,
      );
      println(io);
      if (report.breaches.length === 0) {
        println(io, 'No breaches: every invariant holds.');
        return;
      }
      println(io, `${plural(report.breaches.length, 'breach', 'breaches')}:`);
      report.breaches.forEach((breach, index) => {
        println(io, `  ${index + 1}. [${breach.kind}] ${breach.problem}`);
        println(io, `     fix: ${breach.fix}`);
      });
    });
}
