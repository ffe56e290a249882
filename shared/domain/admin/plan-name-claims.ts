import { nameSkeleton } from '../signup/name-skeleton';

/** A client as the name backfill sees it. */
export interface NamedClient {
  id: string;
  businessName: string;
}

/** A name claim already in the directory: the skeleton and the client holding it. */
export interface ExistingNameClaim {
  skeleton: string;
  claimedBy: string;
}

/** A client whose name looks like one another client holds: left unchanged, for an operator to decide. */
export interface NameConflict {
  clientId: string;
  businessName: string;
  heldBy: { clientId: string; businessName?: string };
}

export interface NameClaimPlan {
  /** Clients whose name's skeleton nobody holds yet: the claims to write. */
  toClaim: Array<NamedClient & { skeleton: string }>;
  /** Clients that already hold their name's claim: nothing to do. */
  alreadyClaimed: number;
  conflicts: NameConflict[];
  /** Clients with a blank name: nothing to claim (a blank skeleton would clash with every other blank). */
  unnamed: number;
}

/**
 * Issue 17 §5 for clients created before name claims: which names to claim and which clash. Clients go in id order,
 * so two unclaimed look-alikes are decided the same way on every run (the lower id claims; the other is a conflict).
 * A claim held by a client that no longer exists is a conflict too (heldBy has no name): only an operator frees it.
 */
export function planNameClaims(clients: readonly NamedClient[], claims: readonly ExistingNameClaim[]): NameClaimPlan {
  const holders = new Map(claims.map((claim) => [claim.skeleton, claim.claimedBy]));
  const names = new Map(clients.map((client) => [client.id, client.businessName]));
  const plan: NameClaimPlan = { toClaim: [], alreadyClaimed: 0, conflicts: [], unnamed: 0 };
  for (const client of [...clients].sort((a, b) => a.id.localeCompare(b.id))) {
    if (client.businessName.trim() === '') {
      plan.unnamed += 1;
      continue;
    }
    const skeleton = nameSkeleton(client.businessName);
    const holder = holders.get(skeleton);
    if (holder === client.id) plan.alreadyClaimed += 1;
    else if (holder === undefined) {
      holders.set(skeleton, client.id);
      plan.toClaim.push({ ...client, skeleton });
    } else plan.conflicts.push(nameConflict(client, holder, names.get(holder)));
  }
  return plan;
}

export function nameConflict(client: NamedClient, holder: string, holderName: string | undefined): NameConflict {
  return {
    clientId: client.id,
    businessName: client.businessName,
    heldBy: { clientId: holder, ...(holderName !== undefined ? { businessName: holderName } : {}) },
  };
}
