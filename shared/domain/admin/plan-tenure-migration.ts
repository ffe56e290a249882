/**
 * Issue 17: what a business accumulates moves from its number's partition (`BIZ#<number>`, the layout before) to its
 * client's (`CLIENT#<clientId>`). Pure: for one old item, where it goes and how. Opt-outs (`CONTACT#`) and the pool's
 * `POOL` item stay with the number.
 */
export type TenureMigrationStep =
  /** A job (open or closed): it names its client, so it goes to that client, as it is. */
  | { kind: 'move-job'; clientId: string }
  /** The ledger: daily counters added, the job sequence kept at the larger of the two. */
  | { kind: 'merge-ledger'; clientId: string }
  /** A daily budget line: its counter added. */
  | { kind: 'merge-budget'; clientId: string }
  /** A caller's cooldown: the later text-back kept. */
  | { kind: 'merge-cooldown'; clientId: string }
  /** A counter or cooldown of a number nobody owns now: nothing to give it to, deleted. */
  | { kind: 'drop'; reason: string }
  /** Stays under the number: an opt-out, the POOL item, or an item of no known kind. */
  | { kind: 'keep' };

/** Who the number's counters belong to now: its owner, or the tenure of the onboarding number. */
export type NumberHolder = { clientId: string } | undefined;

export function planTenureMigration(
  item: { sk: string; clientId?: string },
  holder: NumberHolder,
): TenureMigrationStep {
  const { sk } = item;
  if (sk.startsWith('CONTACT#') || sk === 'POOL') return { kind: 'keep' };
  if (sk.startsWith('OPENJOB#') || sk.startsWith('JOB#')) {
    const clientId = item.clientId ?? holder?.clientId;
    return clientId ? { kind: 'move-job', clientId } : { kind: 'drop', reason: 'a job that names no client' };
  }
  const counter =
    sk === 'LEDGER'
      ? ('merge-ledger' as const)
      : sk.startsWith('BUDGET#')
        ? ('merge-budget' as const)
        : sk.startsWith('CALLER#')
          ? ('merge-cooldown' as const)
          : undefined;
  if (!counter) return { kind: 'keep' };
  const clientId = item.clientId ?? holder?.clientId;
  if (!clientId) return { kind: 'drop', reason: 'a counter or cooldown of a number nobody owns now' };
  return { kind: counter, clientId };
}
