import type { Command } from 'commander';
import {
  planWebhookUrls,
  type WebhookUrlChange,
  type WebhookUrlPlan,
} from '../../shared/domain/admin/plan-webhook-urls';
import { NUMBER_ROLES } from '../../shared/domain/numbers/number-role';
import type { NumberWebhooks } from '../../shared/ports/phone-number-account';
import { ExitCode } from '../admin-io';
import type { AdminSession } from '../admin-target';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { plural, printJson, println, progress } from '../output';
import { listAccountNumbers, openTwilioTarget, type TwilioTarget } from '../twilio-target';

/** `numbers wire`: points every number on the Twilio account at the stack's webhooks, as its role requires. */
export function registerWebhookUrlsCommand(numbers: Command, context: CommandContext): void {
  numbers
    .command('wire')
    .description(
      "point each Twilio number's voice URL, status callback and SMS URL at the stack's webhooks, as its role requires",
    )
    .option('--dry-run', 'print the plan; change nothing')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      [
        '',
        'Every role: voice URL and voice fallback URL = <base>/twilio/voice, SMS URL = <base>/twilio/sms (POST),',
        'no SMS fallback URL, no voice or SMS application. OPERATIONAL and SYSTEM also get the status callback',
        '<base>/twilio/status; ONBOARDING gets none (its calls are refused by the voice route).',
        'Numbers already right are left alone. Locally: the fake Twilio API of "npm start"; with --env: the real',
        'one, with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN from the environment.',
        'Exit 1 when a number could not be wired (not in the number table, no valid role, not on the account, refused).',
      ].join('\n'),
    )
    .action((options: WireOptions, command: Command) => wireNumbers(options, command, context));
}

interface WireOptions {
  dryRun?: boolean;
  json?: boolean;
}

/** Plans each number's URLs from its role, applies the changes (after confirmation when deployed), and reports. */
async function wireNumbers(options: WireOptions, command: Command, context: CommandContext): Promise<void> {
  const { io } = context;
  const session = await context.openSession(command);
  const twilio = await openTwilioTarget(command, io);
  const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
  const onAccount = await listAccountNumbers(twilio);
  const plan = planWebhookUrls(snapshot.numbers, onAccount, twilio.urls);

  const failures: { phone: string; error: string }[] = [];
  const applied: string[] = [];
  // A deployed environment's Twilio numbers are a deployed write: shown and confirmed like every other.
  if (!options.dryRun && plan.changes.length > 0)
    await confirmDeployedChange(
      context,
      command,
      plan.changes.map((change) => `${change.phone} (${change.role}): ${describeChange(change)}`),
    );
  if (!options.dryRun) {
    for (const change of plan.changes) {
      try {
        await twilio.account.update(change.sid, change.required);
        applied.push(change.phone);
        progress(io, `wired ${change.phone} (${change.role})`);
      } catch (error) {
        failures.push({ phone: change.phone, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const unwired = plan.unknownOnAccount.length + plan.withoutRole.length + plan.notOnAccount.length + failures.length;
  context.setExitCode(unwired > 0 ? ExitCode.FINDINGS : ExitCode.OK);

  if (options.json) {
    return printJson(io, {
      target: session.description,
      twilio: twilio.description,
      urls: twilio.urls,
      dryRun: Boolean(options.dryRun),
      ...plan,
      applied,
      failures,
    });
  }
  printWiring(context, options, { session, twilio, plan, failures, unwired });
}

/** The plan or what was done, then every number left unwired with how to fix it. */
function printWiring(
  context: CommandContext,
  options: WireOptions,
  wiring: {
    session: AdminSession;
    twilio: TwilioTarget;
    plan: WebhookUrlPlan;
    failures: { phone: string; error: string }[];
    unwired: number;
  },
): void {
  const { io } = context;
  const { session, twilio, plan, failures, unwired } = wiring;
  println(
    io,
    `${options.dryRun ? 'Plan (dry run, nothing changed)' : 'Wiring'}: numbers of ${twilio.description}, roles from ${session.description}`,
  );
  println(io, `  voice ${twilio.urls.voice}   status ${twilio.urls.status}   sms ${twilio.urls.sms}`);
  println(io);
  if (plan.changes.length === 0) println(io, 'Every number on the account is already wired as its role requires.');
  for (const change of plan.changes) {
    const failure = failures.find((item) => item.phone === change.phone);
    const verb = options.dryRun ? 'would set' : failure ? 'FAILED to set' : 'set';
    println(io, `  ${change.phone}  ${change.role}: ${verb} ${describeChange(change)}`);
    if (failure) println(io, `     ${failure.error}`);
  }
  if (plan.unchanged.length > 0) println(io, `${plural(plan.unchanged.length, 'number')} already right, left alone.`);
  if (unwired === 0) return;
  println(io);
  println(io, 'Not wired:');
  for (const item of plan.unknownOnAccount) {
    println(io, `  ${item.phone} is on the Twilio account but not in the number table: its role is never guessed`);
    println(io, `     fix: numbers add ${item.phone} --role <${NUMBER_ROLES.join('|')}>, then numbers wire`);
  }
  for (const item of plan.withoutRole) {
    println(io, `  ${item.phone} has no valid role in the number table`);
    println(io, `     fix: numbers set-role ${item.phone} <${NUMBER_ROLES.join('|')}>, then numbers wire`);
  }
  for (const item of plan.notOnAccount) {
    println(
      io,
      `  ${item.phone} (${item.role}) is in the number table but not on the Twilio account: it can take no calls or texts`,
    );
  }
  for (const item of failures) println(io, `  ${item.phone}: Twilio refused the change (see above)`);
}

const FIELD_LABELS: Record<keyof NumberWebhooks, string> = {
  voiceUrl: 'voice URL',
  voiceMethod: 'voice method',
  voiceFallbackUrl: 'voice fallback URL',
  voiceFallbackMethod: 'voice fallback method',
  statusCallback: 'status callback',
  statusCallbackMethod: 'status callback method',
  smsUrl: 'SMS URL',
  smsMethod: 'SMS method',
  smsFallbackUrl: 'SMS fallback URL',
  voiceApplicationSid: 'voice application',
  smsApplicationSid: 'SMS application',
};

/** "status callback (none), SMS URL http://.../twilio/sms" for the fields that change. */
export function describeChange(change: WebhookUrlChange): string {
  return change.differences
    .map(
      (field) =>
        `${FIELD_LABELS[field]} ${change.required[field] === '' ? '(none)' : change.required[field]}${change.current[field] ? ` (was ${change.current[field]})` : ''}`,
    )
    .join('; ');
}
