import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_NUMBERS as N, runCli, startAdminTarget, type AdminTarget } from './support/admin-target';

/** One of each kind of breach, written as raw items: the CLI itself refuses to make any of them. */
async function breakEveryInvariant(target: AdminTarget): Promise<void> {
  const client = (id: string, pk: string) => ({
    pk,
    sk: 'CLIENT',
    clientId: id,
    businessName: `Business ${id}`,
    ownerPhone: '+447400999000',
    ...(pk.startsWith('+') ? { twilioNumber: pk } : {}),
  });
  await target.putDirectoryItem({ pk: '+447476955201', sk: 'NUMBER', status: 'AVAILABLE' });
  await target.putDirectoryItem({ pk: '+447476955202', sk: 'NUMBER', role: 'operational' });
  await target.putDirectoryItem({ pk: '+447476955203', sk: 'NUMBER', role: 'ONBOARDING' });
  await target.putDirectoryItem({ pk: '+447476955204', sk: 'NUMBER', role: 'OPERATIONAL', status: 'ASSIGNED' });
  await target.putDirectoryItem({
    pk: '+447476955205',
    sk: 'NUMBER',
    role: 'OPERATIONAL',
    status: 'ASSIGNED',
    clientId: 'c-gone',
  });
  await target.putDirectoryItem({
    pk: '+447476955206',
    sk: 'NUMBER',
    role: 'OPERATIONAL',
    status: 'ASSIGNED',
    clientId: 'c11',
  });
  await target.putDirectoryItem(client('c11', 'CLIENT#c11'));
  await target.putDirectoryItem({
    pk: '+447476955207',
    sk: 'NUMBER',
    role: 'OPERATIONAL',
    status: 'ASSIGNED',
    clientId: 'c7',
  });
  await target.putDirectoryItem(client('c8', '+447476955207'));
  await target.putDirectoryItem({ pk: '+447476955208', sk: 'NUMBER', role: 'SYSTEM' });
  await target.putDirectoryItem(client('c9', '+447476955208'));
  await target.putDirectoryItem(client('c10', '+447476955209'));
  await target.putDirectoryItem({
    pk: '+447476955210',
    sk: 'NUMBER',
    role: 'SYSTEM',
    status: 'RESERVED',
    clientId: 'c-signup',
  });
  await target.putDirectoryItem({ pk: N.ace, sk: 'NUMBER', role: 'OPERATIONAL', status: 'AVAILABLE', clientId: 'c1' });
  await target.putDirectoryItem({ ...client('c1', 'CLIENT#c1'), businessName: 'Ace Plumbing' });
  await target.putDirectoryItem({ pk: N.onboarding, sk: 'NUMBER', role: 'SYSTEM' });
}

describe('admin audit', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  it('a consistent directory passes: counts by role, no breaches, exit 0', async () => {
    const result = await target.cli('audit');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('configured onboarding number +447476955179');
    expect(result.stdout).toContain(
      'Numbers: 2 OPERATIONAL, 1 ONBOARDING, 3 SYSTEM, 0 without a valid role. Clients: 2 (0 without a number).',
    );
    expect(result.stdout).toContain('No breaches: every invariant holds.');
  });

  it('reports every kind of breach with the fix to apply, and exits 1', async () => {
    await breakEveryInvariant(target);

    const result = await target.cli('audit');

    expect(result.code).toBe(1);
    for (const line of [
      '[invalid-role] +447476955201 has no role',
      'fix: numbers set-role +447476955201 <OPERATIONAL|ONBOARDING|SYSTEM>   (decide which: it is never inferred)',
      '[invalid-role] +447476955202 has invalid role "operational"',
      '[unconfigured-onboarding-number] +447476955203 is ONBOARDING but the configured onboarding number is +447476955179',
      '[configured-onboarding-not-onboarding] the configured onboarding number +447476955179 is SYSTEM in the number table',
      'fix: numbers set-role +447476955179 ONBOARDING',
      '[operational-without-client] +447476955204 is OPERATIONAL but names no client and no client owns it',
      '[operational-client-missing] +447476955205 is OPERATIONAL for client c-gone, which does not exist',
      '[operational-client-elsewhere] +447476955206 is OPERATIONAL for client c11, but that client owns no number',
      'fix: numbers set-role +447476955206 OPERATIONAL --client c11',
      '[owner-disagrees-with-record] +447476955207 names client c7 but client c8 owns it',
      '[client-owns-non-operational] client c9 owns +447476955208, which is SYSTEM',
      '[client-owns-unlisted-number] client c10 owns +447476955209, which is not in the number table: its role is only inferred',
      'fix: numbers add +447476955209 --role OPERATIONAL --client c10',
      '[client-id-on-non-operational] +447476955210 is SYSTEM but its record names client c-signup',
      '[available-and-owned] +447476955110 is AVAILABLE but owned by client c1',
      '[client-in-several-places] client c1 has 2 client records (+447476955110, no number): a move was interrupted',
      'fix: numbers set-role +447476955110 OPERATIONAL --client c1   (finishes the move)',
    ]) {
      expect(result.stdout).toContain(line);
    }
    expect(result.stdout).toContain('13 breaches:');
  });

  it('every fix it prints, applied, leaves a directory that passes', async () => {
    await target.putDirectoryItem({ pk: '+447476955201', sk: 'NUMBER', status: 'AVAILABLE' });
    await target.putDirectoryItem({
      pk: N.ace,
      sk: 'NUMBER',
      role: 'OPERATIONAL',
      status: 'AVAILABLE',
      clientId: 'c1',
    });
    await target.putDirectoryItem({ pk: N.onboarding, sk: 'NUMBER', role: 'SYSTEM' });

    expect((await target.cli('numbers', 'set-role', '+447476955201', 'SYSTEM')).code).toBe(0);
    expect(
      (await target.cli('numbers', 'set-role', N.ace, 'OPERATIONAL', '--client', 'c1', '--status', 'ASSIGNED')).code,
    ).toBe(0);
    expect((await target.cli('numbers', 'set-role', N.onboarding, 'ONBOARDING')).code).toBe(0);

    expect((await target.cli('audit')).code).toBe(0);
  });

  it('prints the report as JSON with --json', async () => {
    await target.putDirectoryItem({ pk: '+447476955204', sk: 'NUMBER', role: 'OPERATIONAL' });

    const result = await target.cli('audit', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      target: `local DynamoDB at ${target.endpoint}`,
      onboardingNumber: N.onboarding,
      twilio: { checked: false, reason: expect.stringContaining('Twilio API unreachable') },
      counts: { OPERATIONAL: 3, ONBOARDING: 1, SYSTEM: 3, invalid: 0, clients: 2, clientsWithoutNumber: 0 },
      breaches: [
        {
          kind: 'operational-without-client',
          phone: '+447476955204',
          problem: expect.any(String),
          fix: expect.any(String),
        },
      ],
    });
  });

  it('takes the onboarding number from the seed file that npm start uses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'admin-seed-'));
    const seedFile = join(dir, 'seed.json');
    await writeFile(seedFile, JSON.stringify({ numbers: [], clients: [], onboardingNumber: '447476955131' }));

    const result = await runCli(['audit', '--endpoint', target.endpoint], { SEED_FILE: seedFile });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('configured onboarding number +447476955131');
    expect(result.stdout).toContain('[unconfigured-onboarding-number] +447476955179 is ONBOARDING');
  });

  it('says plainly when the local DynamoDB is not running: the URL it tried and the setting that moves it', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

    const result = await runCli(['audit', '--onboarding-number', N.onboarding], { DYNAMODB_PORT: String(closedPort) });

    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      `error: cannot reach the local DynamoDB at http://127.0.0.1:${closedPort} (from DYNAMODB_PORT=${closedPort}; ECONNREFUSED): ` +
        'is "npm start" running? If its DynamoDB runs on another DYNAMODB_PORT, set the same DYNAMODB_PORT for this command (or pass --endpoint)\n',
    );
  });
});
