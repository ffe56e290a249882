import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { nameClaimKey } from '../../shared/adapters/dynamodb/name-claims';
import { runCli } from '../admin/support/admin-target';
import { NUMBERS } from '../support/seeds';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const TABLE = LOCAL_TABLES.directoryTable;

/**
 * Issue 17 §5: clients created before names were claimed get their claims from `admin migrate`. The seed's c1 "Ace
 * Plumbing" keeps its claim; c3 "Cosy Heating" has lost its own (as before the change); c7 imitates c1; c8 and c9 look
 * alike and neither is claimed.
 */
const OLD_CLIENTS = [
  { id: 'c7', businessName: 'Ace PIumbing', ownerPhone: '+447400777001' },
  { id: 'c8', businessName: 'Bell Joinery', ownerPhone: '+447400777002' },
  { id: 'c9', businessName: 'BeII Joinery', ownerPhone: '+447400777003' },
];

describe('admin migrate claims the names of clients created before names were claimed', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    await harness.db.send(new DeleteCommand({ TableName: TABLE, Key: nameClaimKey('Cosy Heating') }));
    for (const { id, ...client } of OLD_CLIENTS)
      await harness.db.send(
        new PutCommand({ TableName: TABLE, Item: { pk: `CLIENT#${id}`, sk: 'CLIENT', clientId: id, ...client } }),
      );
  });
  afterEach(async () => harness.close());

  const admin = (...argv: string[]) =>
    runCli([...argv, '--endpoint', harness.dynamo.endpoint, '--onboarding-number', NUMBERS.onboarding]);
  /** Every claim in the directory: skeleton -> the client holding it. */
  const claims = async () => {
    const { Items = [] } = await harness.db.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byKind',
        KeyConditionExpression: 'sk = :name',
        ExpressionAttributeValues: { ':name': 'NAME' },
      }),
    );
    return Object.fromEntries(Items.map((item) => [String(item.pk), item.claimedBy]));
  };
  const CONFLICTS = [
    { clientId: 'c7', businessName: 'Ace PIumbing', heldBy: { clientId: 'c1', businessName: 'Ace Plumbing' } },
    { clientId: 'c9', businessName: 'BeII Joinery', heldBy: { clientId: 'c8', businessName: 'Bell Joinery' } },
  ];

  it('--dry-run says which names it would claim and which clash, and writes nothing', async () => {
    const before = await claims();

    const result = await admin('migrate', '--dry-run', '--json');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout).names).toEqual({
      toClaim: 2,
      alreadyClaimed: 1,
      unnamed: 0,
      conflicts: CONFLICTS,
    });
    expect(await claims()).toEqual(before);
  });

  it('claims each unclaimed name; a look-alike of a claimed name is left unclaimed and reported with both clients', async () => {
    const result = await admin('migrate', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).names).toEqual({
      toClaim: 2,
      alreadyClaimed: 1,
      unnamed: 0,
      conflicts: CONFLICTS,
      claimed: 2,
      changed: [],
    });
    expect(await claims()).toEqual({
      [nameClaimKey('Ace Plumbing').pk]: 'c1',
      [nameClaimKey('Cosy Heating').pk]: 'c3',
      [nameClaimKey('Bell Joinery').pk]: 'c8',
    });
  });

  it('says plainly how many conflicts there are, naming both clients, and still exits 0', async () => {
    const result = await admin('migrate');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Claimed 2 business name(s); 1 already claimed\n');
    expect(result.stdout).toContain('2 name conflict(s), left unchanged for an operator to decide');
    expect(result.stdout).toContain('c7 "Ace PIumbing" looks like c1 "Ace Plumbing", which holds the name');
    expect(result.stdout).toContain('c9 "BeII Joinery" looks like c8 "Bell Joinery", which holds the name');
  });

  it('a second run changes nothing and reports the same conflicts', async () => {
    await admin('migrate');
    const after = await claims();

    const again = await admin('migrate', '--json');

    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).names).toEqual({ toClaim: 0, alreadyClaimed: 3, unnamed: 0, conflicts: CONFLICTS });
    expect(await claims()).toEqual(after);
  });

  it('a run that stopped after its first claim is finished by the next', async () => {
    // As if the first run had died after claiming c3's name.
    await harness.db.send(
      new PutCommand({ TableName: TABLE, Item: { ...nameClaimKey('Cosy Heating'), claimedBy: 'c3' } }),
    );

    const result = await admin('migrate', '--json');

    expect(JSON.parse(result.stdout).names).toMatchObject({ alreadyClaimed: 2, claimed: 1 });
    expect((await claims())[nameClaimKey('Bell Joinery').pk]).toBe('c8');
  });

  it('after it, a sign-up imitating a business created before names were claimed is refused', async () => {
    let sids = 0;
    const signUp = async (owner: string, name: string) => {
      for (const body of ['Hi', name])
        await harness.sms(
          incomingSms(`SM${(sids += 7000).toString(16).padStart(32, '0')}`, NUMBERS.onboarding, owner, body),
        );
      return (
        harness
          .outbox()
          .filter((sms) => sms.to === owner)
          .at(-1)?.body ?? ''
      );
    };
    // Before the backfill, nothing holds "Bell Joinery": its look-alike passes.
    expect(await signUp('+447922334401', 'BeIl Joinery')).not.toContain('too close');

    await admin('migrate');

    expect(await signUp('+447922334402', 'BeIl Joinery')).toContain('too close to an existing business name');
  });
});
