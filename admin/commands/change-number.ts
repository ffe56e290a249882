import type { Command } from 'commander';
import {
  planNumberChange,
  type NumberChange,
  type NumberChangeRequest,
} from '../../shared/domain/admin/plan-number-change';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { AdminIo } from '../admin-io';
import type { AdminSession } from '../admin-target';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { println } from '../output';

/** Reads what the rules need and plans the change (or refuses); writes nothing. */
export async function planChangeFor(
  session: AdminSession,
  phone: E164,
  request: NumberChangeRequest,
  /** ONBOARDING numbers that an earlier change of the same run makes SYSTEM (`setup`): not counted as "another". */
  leavingOnboarding: readonly E164[] = [],
): Promise<NumberChange> {
  const { admin } = session;
  const clientId = request.kind === 'release' ? undefined : request.clientId;
  const [{ record, owner }, requestedClient, onboardingNumbers, configuredOnboardingNumber] = await Promise.all([
    admin.readNumber(phone),
    clientId ? admin.findClient(clientId) : Promise.resolve(undefined),
    // Only an ONBOARDING request needs the others: it is refused if there is one already.
    request.kind !== 'release' && request.role === TwilioNumberRole.ONBOARDING
      ? admin.onboardingNumbers()
      : Promise.resolve([]),
    session.onboardingNumber(),
  ]);
  return planNumberChange(request, {
    phone,
    ...(record ? { record } : {}),
    ...(owner ? { owner } : {}),
    ...(requestedClient ? { requestedClient } : {}),
    onboardingNumbers: onboardingNumbers.filter((number) => !leavingOnboarding.includes(number)),
    configuredOnboardingNumber,
  });
}

/** Reads what the rules need, plans the change (or refuses), and writes it unless this is a dry run. */
export async function changeNumber(
  session: AdminSession,
  io: AdminIo,
  phone: E164,
  request: NumberChangeRequest,
  options: { dryRun?: boolean },
  /** `alsoChanges`: what the caller does after this change, shown in the same confirmation (`clients remove`). */
  confirm: { context: CommandContext; command: Command; alsoChanges?: readonly string[] },
): Promise<NumberChange> {
  const { admin } = session;
  const change = await planChangeFor(session, phone, request);

  if (!change.changed) {
    // Finishes the opt-outs' retention if an earlier run of this change was interrupted after the record was written.
    if (!options.dryRun) await admin.settleOptOuts(change);
    println(io, `${phone}: unchanged (already ${describeState(change)})`);
    return change;
  }
  if (!options.dryRun) {
    await confirmDeployedChange(confirm.context, confirm.command, [
      `${phone}: ${change.description.join('; ')}`,
      ...change.warnings.map((warning) => `warning: ${warning}`),
      ...(confirm.alsoChanges ?? []),
    ]);
    await admin.applyChange(change);
  }
  println(io, `${phone}: ${options.dryRun ? 'would change' : 'changed'}: ${change.description.join('; ')}`);
  for (const warning of change.warnings) println(io, `warning: ${warning}`);
  if (options.dryRun) println(io, '(dry run: nothing written)');
  return change;
}

function describeState(change: NumberChange): string {
  const { role, status, clientId } = change.after;
  return [role, status, ...(clientId ? [`client ${clientId}`] : [])].join(', ');
}
