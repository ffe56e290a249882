import type { ClientAccount } from '../../shared/domain/admin/admin-records';
import { nameConflict, type NameClaimPlan, type NameConflict } from '../../shared/domain/admin/plan-name-claims';
import type { AdminSession } from '../admin-target';

/** `migrate`'s name part, as `--json` shows it: the plan's counts, then (when not a dry run) what was written. */
export interface NameBackfillResult {
  toClaim: number;
  alreadyClaimed: number;
  unnamed: number;
  /** Clients left unchanged because another client holds a look-alike name: for an operator to decide. */
  conflicts: NameConflict[];
  claimed?: number;
  /** Clients that moved or went between the read and the write: not claimed, a rerun finishes them. */
  changed?: string[];
}

export function plannedNames(plan: NameClaimPlan): NameBackfillResult {
  const { alreadyClaimed, unnamed, conflicts } = plan;
  return { toClaim: plan.toClaim.length, alreadyClaimed, unnamed, conflicts };
}

/** Writes the plan's claims one by one; a claim another client took meanwhile becomes a conflict. */
export async function claimNames(
  session: AdminSession,
  clients: readonly ClientAccount[],
  plan: NameClaimPlan,
): Promise<NameBackfillResult> {
  const byId = new Map(clients.map((client) => [client.id, client]));
  const result: NameBackfillResult = { ...plannedNames(plan), conflicts: [...plan.conflicts], claimed: 0, changed: [] };
  for (const planned of plan.toClaim) {
    const client = byId.get(planned.id) ?? planned;
    const outcome = await session.nameClaims.claim(client);
    if (outcome.kind === 'claimed') result.claimed = (result.claimed ?? 0) + 1;
    else if (outcome.kind === 'changed') result.changed?.push(client.id);
    else if (outcome.by === client.id) result.alreadyClaimed += 1;
    else result.conflicts.push(nameConflict(client, outcome.by, byId.get(outcome.by)?.businessName));
  }
  return result;
}

/** The human lines: what was (or would be) claimed, then each conflict with both clients. */
export function nameLines(result: NameBackfillResult): string[] {
  const claimed =
    result.claimed !== undefined
      ? `Claimed ${result.claimed} business name(s)`
      : result.toClaim === 0
        ? 'No business name to claim'
        : `Would claim ${result.toClaim} business name(s)`;
  const lines = [
    `${claimed}; ${result.alreadyClaimed} already claimed${result.unnamed > 0 ? `; ${result.unnamed} client(s) without a name skipped` : ''}`,
  ];
  if (result.changed && result.changed.length > 0)
    lines.push(
      `${result.changed.length} client(s) changed while migrating, not claimed: run migrate again (${result.changed.join(', ')})`,
    );
  if (result.conflicts.length === 0) return lines;
  lines.push(
    `${result.conflicts.length} name conflict(s), left unchanged for an operator to decide (docs/operations.md):`,
    ...result.conflicts.map(
      (conflict) =>
        `  ${conflict.clientId} ${JSON.stringify(conflict.businessName)} looks like ${conflict.heldBy.clientId} ${conflict.heldBy.businessName === undefined ? '(no such client)' : JSON.stringify(conflict.heldBy.businessName)}, which holds the name`,
    ),
  );
  return lines;
}
