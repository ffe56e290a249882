import { ConcurrentChangeError } from '../../shared/domain/admin/admin-errors';
import type { ClientAccount } from '../../shared/domain/admin/admin-records';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { CallSettingsChange } from '../../shared/ports/call-settings-store';
import { ExitCode } from '../admin-io';
import type { AdminSession } from '../admin-target';
import type { CommandContext } from '../command-context';
import { println } from '../output';

export type NumberedClient = ClientAccount & { twilioNumber: E164 };

/**
 * The client's record that owns a number, for a command that changes its call settings (they live on that record);
 * without one, says so and exits 1.
 */
export async function clientWithNumber(
  session: AdminSession,
  context: CommandContext,
  id: string,
): Promise<NumberedClient | undefined> {
  const client = (await session.admin.findClient(id)).find((item) => item.twilioNumber);
  if (client?.twilioNumber) return { ...client, twilioNumber: client.twilioNumber };
  println(context.io, `no client ${id} with a number`);
  context.setExitCode(ExitCode.FINDINGS);
  return undefined;
}

/** Writes the client's call settings; a client that lost its number meanwhile is a concurrent change: run it again. */
export async function writeClientSettings(
  session: AdminSession,
  client: NumberedClient,
  change: CallSettingsChange,
): Promise<void> {
  if (!(await session.directory.updateCallSettings(client.twilioNumber, change)))
    throw new ConcurrentChangeError(`client ${client.id} no longer owns ${client.twilioNumber}: run it again`);
}
