import { planNameClaims } from '../../../shared/domain/admin/plan-name-claims';
import { nameSkeleton } from '../../../shared/domain/signup/name-skeleton';

describe('which existing business names the migration claims', () => {
  const ace = { id: 'c1', businessName: 'Ace Plumbing' };
  const aceLookAlike = { id: 'c7', businessName: 'Ace PIumbing' };

  it('an unclaimed name is claimed under its skeleton', () => {
    expect(planNameClaims([ace], [])).toEqual({
      toClaim: [{ ...ace, skeleton: nameSkeleton('Ace Plumbing') }],
      alreadyClaimed: 0,
      conflicts: [],
      unnamed: 0,
    });
  });

  it('a name its own client already holds needs nothing', () => {
    const plan = planNameClaims([ace], [{ skeleton: nameSkeleton('Ace Plumbing'), claimedBy: 'c1' }]);

    expect(plan).toMatchObject({ toClaim: [], alreadyClaimed: 1, conflicts: [] });
  });

  it('a look-alike of a name another client holds is a conflict naming both clients', () => {
    const plan = planNameClaims([ace, aceLookAlike], [{ skeleton: nameSkeleton('Ace Plumbing'), claimedBy: 'c1' }]);

    expect(plan.conflicts).toEqual([
      { clientId: 'c7', businessName: 'Ace PIumbing', heldBy: { clientId: 'c1', businessName: 'Ace Plumbing' } },
    ]);
    expect(plan.toClaim).toEqual([]);
  });

  it('of two unclaimed look-alikes the lower client id claims, whatever order they are read in', () => {
    for (const clients of [
      [ace, aceLookAlike],
      [aceLookAlike, ace],
    ]) {
      const plan = planNameClaims(clients, []);

      expect(plan.toClaim.map((claim) => claim.id)).toEqual(['c1']);
      expect(plan.conflicts).toEqual([
        { clientId: 'c7', businessName: 'Ace PIumbing', heldBy: { clientId: 'c1', businessName: 'Ace Plumbing' } },
      ]);
    }
  });

  it('a claim held by a client that no longer exists is a conflict with no name', () => {
    const plan = planNameClaims([aceLookAlike], [{ skeleton: nameSkeleton('Ace Plumbing'), claimedBy: 'gone' }]);

    expect(plan.conflicts).toEqual([{ clientId: 'c7', businessName: 'Ace PIumbing', heldBy: { clientId: 'gone' } }]);
  });

  it('a client without a name claims nothing', () => {
    const plan = planNameClaims(
      [
        { id: 'c2', businessName: ' ' },
        { id: 'c3', businessName: '' },
      ],
      [],
    );

    expect(plan).toEqual({ toClaim: [], alreadyClaimed: 0, conflicts: [], unnamed: 2 });
  });
});
