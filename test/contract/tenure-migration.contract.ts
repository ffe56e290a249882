import { DynamoTenureMigration } from '../../shared/adapters/dynamodb/dynamo-tenure-migration';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { oldLayoutItems, seedOldLayout } from '../fixtures/old-activity-layout';
import { startContractServer, type ContractServer } from './support/contract-server';
import { itemAt } from './support/raw';

// Issue 17's migration: the old layout's BIZ#<number> items moved to CLIENT#<clientId> with conditional puts, counters
// added once per old partition (ADD to a string set, NOT contains), the larger job sequence kept, then the old deleted.
describe('the move of activity to client partitions', () => {
  let server: ContractServer;
  const day = '2026-11-30';
  const numbers = (n: number) => ({
    ace: `+4420794602${n}0`,
    pool: `+4420794602${n}1`,
    onboarding: `+4420794602${n}2`,
    customer: '+447700900123',
  });
  const holders = (n: number) =>
    new Map<E164, { clientId: string } | undefined>([
      [numbers(n).ace as E164, { clientId: 'c1' }],
      [numbers(n).pool as E164, undefined],
      [numbers(n).onboarding as E164, { clientId: `onboarding:${numbers(n).onboarding}` }],
    ]);
  const migration = () => new DynamoTenureMigration(server.db, server.tables.activityTable);

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  it('moves, merges and drops each old item once, however often it runs', async () => {
    await seedOldLayout(server.db, server.tables.activityTable, oldLayoutItems(numbers(1), day));
    const first = await migration().apply(await migration().plan(holders(1)));
    // As if every delete had been lost: the same old items again, and a second run.
    await seedOldLayout(server.db, server.tables.activityTable, oldLayoutItems(numbers(1), day));
    await migration().apply(await migration().plan(holders(1)));

    expect(first).toEqual({ numbers: 3, moved: 2, merged: 4, dropped: 1, closedOnCollision: 0 });
    expect(await itemAt(server, server.tables.activityTable, { pk: 'CLIENT#c1', sk: 'LEDGER' })).toMatchObject({
      jobSeq: 2,
      [`sent#${day}`]: 3,
    });
    expect(
      await itemAt(server, server.tables.activityTable, { pk: 'CLIENT#c1', sk: `BUDGET#${day}#OWNER` }),
    ).toMatchObject({ sent: 4 });
    expect(await migration().plan(holders(1))).toEqual([]);
  });
});
