import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoNameClaimBackfill } from '../../shared/adapters/dynamodb/dynamo-name-claim-backfill';
import { nameSkeleton } from '../../shared/domain/signup/name-skeleton';
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

// Issue 17 §5's backfill: each client's name claim written with the sign-up's conditional put, in one transaction with a
// ConditionCheck on the client item; the claims read back by Query on the byKind index.
describe("the claims of existing clients' names", () => {
  let server: ContractServer;
  const backfill = () => new DynamoNameClaimBackfill(server.db, server.tables.directoryTable);
  const putClient = (id: string, businessName: string) =>
    server.db.send(
      new PutCommand({
        TableName: server.tables.directoryTable,
        Item: { pk: `CLIENT#${id}`, sk: 'CLIENT', clientId: id, businessName, ownerPhone: '+447700900123' },
      }),
    );

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  it('claims once, again for the same client, never for a look-alike, and never for a client that is gone', async () => {
    await putClient('n1', 'Ace Plumbing');
    await putClient('n2', 'Ace PIumbing');

    expect(await backfill().claim({ id: 'n1', businessName: 'Ace Plumbing' })).toEqual({ kind: 'claimed' });
    expect(await backfill().claim({ id: 'n1', businessName: 'Ace Plumbing' })).toEqual({ kind: 'claimed' });
    expect(await backfill().claim({ id: 'n2', businessName: 'Ace PIumbing' })).toEqual({ kind: 'held', by: 'n1' });
    expect(await backfill().claim({ id: 'n3', businessName: 'Bell Joinery' })).toEqual({ kind: 'changed' });
    expect(await backfill().readClaims()).toEqual([{ skeleton: nameSkeleton('Ace Plumbing'), claimedBy: 'n1' }]);
    expect(
      await itemAt(server, server.tables.directoryTable, { pk: `NAME#${nameSkeleton('Bell Joinery')}`, sk: 'NAME' }),
    ).toBeUndefined();
  });
});
