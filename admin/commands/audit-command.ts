import type { Command } from 'commander';
import { auditDirectory, type Breach } from '../../shared/domain/admin/audit-directory';
import { auditWebhookUrls } from '../../shared/domain/admin/audit-webhook-urls';
import type { DirectorySnapshot } from '../../shared/domain/admin/admin-records';
import { planWebhookUrls } from '../../shared/domain/admin/plan-webhook-urls';
import { ExitCode, type AdminIo } from '../admin-io';
import type { CommandContext } from '../command-context';
import { plural, printJson, println, progress } from '../output';
import { listAccountNumbers, openTwilioTarget } from '../twilio-target';

/** What the audit saw of the Twilio account: checked, or why not. */
type TwilioCheck = { checked: true; account: string } | { checked: false; reason: string };

export function registerAuditCommand(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('audit')
    .description(
      'check every invariant of the number table and clients; prints each breach with its fix, exits 1 on any',
    )
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
        "  - every number on the Twilio account is in the number table and wired as its role requires ('numbers wire');",
        '    when Twilio cannot be reached this part is reported as "Twilio not checked" and the rest still runs',
      ].join('\n'),
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const onboardingNumber = await session.onboardingNumber();
      const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
      const report = auditDirectory(snapshot, onboardingNumber);
      const { twilio, breaches: twilioBreaches } = await checkTwilio(command, io, snapshot);
      report.breaches.push(...twilioBreaches);
      context.setExitCode(report.breaches.length > 0 ? ExitCode.FINDINGS : ExitCode.OK);

      if (options.json) return printJson(io, { target: session.description, onboardingNumber, twilio, ...report });
      const { counts } = report;
      println(io, `Audit of ${session.description}; configured onboarding number ${onboardingNumber}`);
      println(
        io,
        `Numbers: ${counts.OPERATIONAL} OPERATIONAL, ${counts.ONBOARDING} ONBOARDING, ${counts.SYSTEM} SYSTEM, ${counts.invalid} without a valid role. ` +
          `Clients: ${counts.clients} (${counts.clientsWithoutNumber} without a number).`,
      );
      println(
        io,
        twilio.checked ? `Twilio: checked the numbers of ${twilio.account}.` : `Twilio not checked: ${twilio.reason}`,
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

/** The Twilio account against the table; a Twilio that cannot be reached is reported, never fatal to the audit. */
async function checkTwilio(
  command: Command,
  io: AdminIo,
  snapshot: DirectorySnapshot,
): Promise<{ twilio: TwilioCheck; breaches: Breach[] }> {
  try {
    const target = await openTwilioTarget(command, io);
    const plan = planWebhookUrls(snapshot.numbers, await listAccountNumbers(target), target.urls);
    const env = command.optsWithGlobals<{ env?: string }>().env;
    return {
      twilio: { checked: true, account: target.description },
      breaches: auditWebhookUrls(plan, `numbers wire${env ? ` --env ${env}` : ''}`),
    };
  } catch (error) {
    return { twilio: { checked: false, reason: error instanceof Error ? error.message : String(error) }, breaches: [] };
  }
}
