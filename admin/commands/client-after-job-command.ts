import type { Command } from 'commander';
import { reviewLinkOf } from '../../shared/domain/after-job/review-link';
import { tenureOf } from '../../shared/domain/numbers/tenure';
import { OWNER_COMMAND_FORMS } from '../../shared/domain/sms/owner-commands';
import { UsageError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printJson, println } from '../output';
import { clientWithNumber, writeClientSettings } from './client-settings';

/** Issue 19: `clients set-reviews <id> <link>|off` and `clients set-digest <id> on|off`, as the owner's texts do. */
export function registerClientsAfterJob(clients: Command, context: CommandContext): void {
  registerSetReviews(clients, context);
  registerSetDigest(clients, context);
}

function registerSetReviews(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-reviews')
    .description(
      "set a client's review link, as the owner's REVIEWS text does: after DONE, the job's customer is asked once (in 90 days) for a review",
    )
    .argument('<id>', 'the client id')
    .argument(
      '<link>',
      'https://g.page/r/…/review, https://search.google.com/local/writereview?placeid=…, https://www.trustpilot.com/evaluate/<domain>, or off',
    )
    .option('--json', 'print JSON')
    .action(async (id: string, raw: string, options: { json?: boolean }, command: Command) => {
      const off = raw.trim().toLowerCase() === 'off';
      const link = off ? null : reviewLinkOf(raw);
      if (link === undefined) throw new UsageError(`"${raw}" is not a review link: ${OWNER_COMMAND_FORMS.REVIEWS}`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const change = `client ${client.id} (${client.businessName}): reviews ${client.reviewLink ?? 'off'} -> ${link ?? 'off'}`;
      await confirmDeployedChange(context, command, [change]);
      await writeClientSettings(session, client, { ownText: { field: 'reviewLink', text: link } });
      if (options.json) return printJson(io, { clientId: client.id, reviewLink: link });
      println(io, change);
    });
}

function registerSetDigest(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-digest')
    .description("turn a client's Monday digest on or off, as the owner's DIGEST ON|OFF text does")
    .argument('<id>', 'the client id')
    .argument('<setting>', 'on or off')
    .option('--json', 'print JSON')
    .action(async (id: string, setting: string, options: { json?: boolean }, command: Command) => {
      const value = setting.trim().toLowerCase();
      if (value !== 'on' && value !== 'off') throw new UsageError(`"${setting}" is not a digest setting: on or off`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const digest = value === 'on';
      const change = `client ${client.id} (${client.businessName}): Monday digest ${client.digest ? 'on' : 'off'} -> ${value}`;
      await confirmDeployedChange(context, command, [change]);
      await writeClientSettings(session, client, { digest });
      // Queued now; the owner-texts job moves it to the business's Monday 08:00 (a second one is harmless).
      if (digest)
        await session.afterJob.enqueue({ kind: 'digest', business: tenureOf(client, client.twilioNumber) }, new Date());
      if (options.json) return printJson(io, { clientId: client.id, digest });
      println(io, change);
    });
}
