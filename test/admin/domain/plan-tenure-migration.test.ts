import { planTenureMigration } from '../../../shared/domain/admin/plan-tenure-migration';

describe('where an item of the old layout (BIZ#<number>) goes', () => {
  const owner = { clientId: 'c2' };

  it('a job goes to the client it names, even when another client owns the number now', () => {
    expect(planTenureMigration({ sk: 'OPENJOB#+447911123456', clientId: 'c1' }, owner)).toEqual({
      kind: 'move-job',
      clientId: 'c1',
    });
    expect(planTenureMigration({ sk: 'JOB#000001#j1', clientId: 'c1' }, undefined)).toEqual({
      kind: 'move-job',
      clientId: 'c1',
    });
  });

  it("counters and cooldowns go to the number's owner now, and are dropped when nobody owns it", () => {
    expect(planTenureMigration({ sk: 'LEDGER' }, owner)).toEqual({ kind: 'merge-ledger', clientId: 'c2' });
    expect(planTenureMigration({ sk: 'BUDGET#2026-11-30#OWNER' }, owner)).toEqual({
      kind: 'merge-budget',
      clientId: 'c2',
    });
    expect(planTenureMigration({ sk: 'CALLER#+447911123456' }, owner)).toEqual({
      kind: 'merge-cooldown',
      clientId: 'c2',
    });
    expect(planTenureMigration({ sk: 'LEDGER' }, undefined)).toMatchObject({ kind: 'drop' });
  });

  it('opt-outs, the POOL item and anything unknown stay with the number', () => {
    for (const sk of ['CONTACT#+447911123456', 'POOL', 'SOMETHING#ELSE'])
      expect(planTenureMigration({ sk }, owner)).toEqual({ kind: 'keep' });
  });
});
