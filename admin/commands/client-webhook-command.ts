import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ConcurrentChangeError } from '../../shared/domain/admin/admin-errors';
import { checkWebhookUrl } from '../../shared/domain/crm/webhook-destination';
import { ExitCode, UsageError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { localServiceAddress } from '../local-addresses';
import { printJson, println } from '../output';
import { printable } from '../terminal-text';

/** `whsec_` and 32 random bytes, base64url: what a CRM keeps to check our signatures. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Issue 19 §5: `clients set-webhook <id> <https-url>|off`. Sets the client's CRM webhook with a new secret, printed
 * once (running it again rotates the secret); `off` removes it. The URL passes the destination rules (https only, no
 * credentials, no private, loopback or link-local address); against the local service, its receiver
 * (http://localhost:$PORT/local/crm) is allowed too.
 */
export function registerClientsSetWebhook(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-webhook')
    .description(
      "send the client's job events (job.opened, job.message, job.voicemail, job.closed, call.missed) to its CRM as signed JSON POSTs; prints a new secret once (running it again rotates it); off stops them",
    )
    .argument('<id>', 'the client id')
    .argument('<url>', 'an https URL (locally also http://localhost:$PORT/local/crm), or off')
    .option('--json', 'print JSON (with the secret)')
    .action(async (id: string, url: string, options: { json?: boolean }, command: Command) => {
      const off = url.trim().toLowerCase() === 'off';
      const deployed = command.optsWithGlobals<{ env?: string }>().env !== undefined;
      const localReceiver = deployed ? undefined : `${localServiceAddress(io.env).url}/local/crm`;
      const verdict = off ? undefined : checkWebhookUrl(url.trim(), localReceiver ? { localReceiver } : {});
      if (verdict && !verdict.allowed)
        throw new UsageError(
          `the webhook URL is refused (${verdict.reason}): it must be https, with no credentials, to a public host${localReceiver ? `, or ${localReceiver}` : ''}`,
        );
      const session = await context.openSession(command);
      const items = await session.admin.findClient(id);
      const client = items.find((item) => item.twilioNumber) ?? items[0];
      if (!client) {
        println(io, `no client ${id}`);
        return context.setExitCode(ExitCode.FINDINGS);
      }
      const target = verdict?.allowed ? verdict.url.href : undefined;
      const change = `client ${client.id} (${client.businessName}): CRM webhook ${target ? `-> ${target} (a new secret)` : 'off'}`;
      await confirmDeployedChange(context, command, [change]);
      const webhook = target ? { url: target, secret: newWebhookSecret() } : undefined;
      if (!(await session.clients.setCrmWebhook(client, webhook, new Date())))
        throw new ConcurrentChangeError(`client ${client.id} changed while this command ran: run it again`);
      if (options.json)
        return printJson(io, { clientId: client.id, url: webhook?.url ?? null, secret: webhook?.secret ?? null });
      println(io, printable(change));
      if (webhook)
        println(io, `secret (shown once; give it to the CRM to check the X-Mct-Signature header): ${webhook.secret}`);
    });
}
