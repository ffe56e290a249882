import type { Command } from 'commander';
import { UsageError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { println } from '../output';
import { clientWithNumber, writeClientSettings } from './client-settings';

/** Issue 19: `clients set-emergency-ring <id> on|off`, as the owner's `EMERGENCY RING ON|OFF` text does. */
export function registerClientsSetEmergencyRing(clients: Command, context: CommandContext): void {
  const { io } = context;
  clients
    .command('set-emergency-ring')
    .description(
      "as the owner's EMERGENCY RING text does: on rings the owner's phone (even out of hours) when a customer's text or voicemail reports an emergency",
    )
    .argument('<id>', 'the client id')
    .argument('<setting>', 'on or off (the default)')
    .action(async (id: string, setting: string, _options: unknown, command: Command) => {
      const wanted = setting.trim().toLowerCase();
      if (wanted !== 'on' && wanted !== 'off') throw new UsageError(`"${setting}" is not on or off`);
      const session = await context.openSession(command);
      const client = await clientWithNumber(session, context, id);
      if (!client) return;
      const now = client.emergencyRing ? 'on' : 'off';
      if (now === wanted) return println(io, `${client.id}: unchanged (emergency ring already ${now})`);
      const change = `client ${client.id} (${client.businessName}): emergency ring ${now} -> ${wanted}`;
      await confirmDeployedChange(context, command, [change]);
      await writeClientSettings(session, client, { emergencyRing: wanted === 'on' });
      println(io, change);
    });
}
