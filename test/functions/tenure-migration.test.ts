import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { runCli } from '../admin/support/admin-target';
import { oldLayoutItems, seedOldLayout } from '../fixtures/old-activity-layout';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const DAY = new Date().toISOString().slice(0, 10);
const OLD = oldLayoutItems(
  { ace: NUMBERS.aceBusiness, pool: NUMBERS.pooled, onboarding: NUMBERS.onboarding, customer: NUMBERS.customer },
  DAY,
);

/** Issue 17 §1: `admin migrate` moves a table seeded in the layout before (BIZ#<number>) to the tenure layout. */
describe('admin migrate', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    await seedOldLayout(harness.db, LOCAL_TABLES.activityTable, OLD);
  });
  afterEach(async () => harness.close());

  const admin = (...argv: string[]) =>
    runCli([...argv, '--endpoint', harness.dynamo.endpoint, '--onboarding-number', NUMBERS.onboarding]);
  const partition = async (pk: string) => {
    const { Items = [] } = await harness.db.send(
      new QueryCommand({
        TableName: LOCAL_TABLES.activityTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    return Object.fromEntries(Items.map((item) => [String(item.sk), item]));
  };

  it('--dry-run says what would move and changes nothing', async () => {
    const result = await admin('migrate', '--dry-run', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      dryRun: true,
      planned: { numbers: 3, jobs: 2, counters: 4, dropped: 1 },
      // The seeded clients were created with their names' claims: nothing to claim (name-claim-backfill.test.ts).
      names: { toClaim: 0, alreadyClaimed: 2, unnamed: 0, conflicts: [] },
    });
    expect(Object.keys(await partition(`BIZ#${NUMBERS.aceBusiness}`))).toHaveLength(6);
    expect(await partition('CLIENT#c1')).toEqual({});
  });

  it("moves each business's jobs, ledger, budgets and cooldowns to its client; opt-outs and POOL stay with the number", async () => {
    const result = await admin('migrate', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({
      report: { numbers: 3, moved: 2, merged: 4, dropped: 1, closedOnCollision: 0 },
    });

    const c1 = await partition('CLIENT#c1');
    expect(c1.LEDGER).toMatchObject({ jobSeq: 2, [`sent#${DAY}`]: 3 });
    expect(c1[`CALLER#${NUMBERS.customer}`]).toMatchObject({ lastTextBackAt: `${DAY}T09:00:00.000Z` });
    expect(c1[`OPENJOB#${NUMBERS.customer}`]).toMatchObject({ jobId: 'job-old-2', ref: 2, status: 'OPEN' });
    expect(c1['JOB#000001#job-old-1']).toMatchObject({ jobId: 'job-old-1', status: 'DONE' });
    expect(c1[`BUDGET#${DAY}#OWNER`]).toMatchObject({ sent: 4, expiresAt: 1_900_000_000 });
    expect(Object.keys(await partition(`BIZ#${NUMBERS.aceBusiness}`))).toEqual([`CONTACT#${NUMBERS.customer}`]);
    expect(Object.keys(await partition(`BIZ#${NUMBERS.pooled}`))).toEqual(['POOL']);
    expect((await partition(`CLIENT#onboarding:${NUMBERS.onboarding}`)).LEDGER).toMatchObject({
      [`sent#${DAY}`]: 7,
    });
  });

  it('a second run changes nothing', async () => {
    await admin('migrate');
    const after = await partition('CLIENT#c1');

    const again = await admin('migrate');

    expect(again).toMatchObject({
      code: 0,
      stdout:
        'Nothing to migrate: every business is in its own partition\nNo business name to claim; 2 already claimed\n',
    });
    expect(await partition('CLIENT#c1')).toEqual(after);
  });

  it('a rerun after a crash between the new item and the old one being deleted adds nothing twice', async () => {
    await admin('migrate');
    const after = await partition('CLIENT#c1');
    // As if every delete of the first run had been lost: the old items are all still there.
    await seedOldLayout(harness.db, LOCAL_TABLES.activityTable, OLD);

    await admin('migrate');

    expect(await partition('CLIENT#c1')).toEqual(after);
    expect(Object.keys(await partition(`BIZ#${NUMBERS.aceBusiness}`))).toEqual([`CONTACT#${NUMBERS.customer}`]);
  });

  it('merges with what the new code wrote between the deploy and the migration', async () => {
    // After the deploy, before the migration: a missed call and a text from the same customer, in the new layout.
    await harness.status(callEnded(sid('CA', 'mig1'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'no-answer'));
    await harness.sms(incomingSms(sid('SM', 'mig2'), NUMBERS.aceBusiness, NUMBERS.customer, 'Any news?'));

    const result = await admin('migrate', '--json');

    expect(JSON.parse(result.stdout).report).toMatchObject({ closedOnCollision: 1 });
    const c1 = await partition('CLIENT#c1');
    // The larger job sequence wins, so the next job is #3; counters are added.
    expect(c1.LEDGER?.jobSeq).toBe(2);
    expect(c1[`BUDGET#${DAY}#OWNER`]?.sent).toBeGreaterThan(4);
    // The customer's newer open job stays open; the old one is kept, closed, for the operator.
    expect(c1[`OPENJOB#${NUMBERS.customer}`]).toMatchObject({ ref: 1, status: 'OPEN' });
    expect(c1['JOB#000002#job-old-2']).toMatchObject({ status: 'DONE', closedBy: 'migration' });
  });

  it('after it, the owner sees the migrated jobs, and the next job takes the next reference', async () => {
    await admin('migrate');

    await harness.sms(incomingSms(sid('SM', 'mig3'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));
    await harness.sms(incomingSms(sid('SM', 'mig4'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Tap leaking'));

    const toOwner = harness.outbox().filter((entry) => entry.to === NUMBERS.aceOwner);
    expect(toOwner[0]?.body).toContain('#2');
    expect(toOwner[0]?.body).toContain('Boiler is leaking');
    expect(toOwner[1]?.body).toMatch(/^#3 New job from/);
  });
});
