import { parseSeed } from '../../local/seed';
import {
  ADMIN_NUMBERS as N,
  ADMIN_PUBLIC_BASE_URL,
  ADMIN_SEED,
  startAdminTarget,
  type AdminTarget,
} from './support/admin-target';

/** A fresh deployment: the number table is empty, the Twilio account has four numbers nobody has pointed anywhere. */
const EMPTY_SEED = parseSeed({ numbers: [], clients: [], onboardingNumber: N.onboarding });
const ACCOUNT = [N.onboarding, N.poolA, N.poolB, N.fresh];

interface SetupJson {
  changed: boolean;
  onboardingNumber: string;
  pool: string[];
  numbers: { phone: string; changes: string[] }[];
  webhooks: { applied: string[]; failures: unknown[] };
  leftAlone: { phone: string; reason: string }[];
  audit: { breaches: { kind: string }[] };
}

describe('admin setup, on a fresh deployment', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget(EMPTY_SEED, { twilio: true, accountNumbers: ACCOUNT });
  });
  afterEach(async () => target.close());

  it('with --pool, writes the roles, points every number at the webhooks and ends with a clean audit', async () => {
    const result = await target.cli('setup', '--pool', `${N.poolA},${N.poolB},${N.fresh}`);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`  ${N.onboarding}: new number ${N.onboarding}: ONBOARDING, RESERVED\n`);
    expect(result.stdout).toContain(`  ${N.poolA}: new number ${N.poolA}: SYSTEM, AVAILABLE\n`);
    expect(result.stdout).toContain(`  ${N.fresh}: webhooks pointed at ${ADMIN_PUBLIC_BASE_URL}\n`);
    expect(result.stdout).toMatch(/Audit: no breaches, every invariant holds\.\n$/);
    const onboarding = target.twilio?.phoneNumbers().find((number) => number.phoneNumber === N.onboarding);
    expect(onboarding?.fields).toMatchObject({
      voice_url: `${ADMIN_PUBLIC_BASE_URL}/twilio/voice`,
      status_callback: '',
    });
  });

  it('run again, it changes nothing and says so (idempotent), in text and in --json', async () => {
    await target.cli('setup', '--pool', `${N.poolA},${N.poolB},${N.fresh}`);

    const again = await target.cli('setup', '--pool', `${N.poolA},${N.poolB},${N.fresh}`);
    const json = JSON.parse(
      (await target.cli('setup', '--pool', `${N.poolA},${N.poolB},${N.fresh}`, '--json')).stdout,
    ) as SetupJson;

    expect(again.stdout).toContain('Nothing to change: every number already has its role and its webhooks.\n');
    expect(json).toMatchObject({
      changed: false,
      numbers: [],
      webhooks: { applied: [], failures: [] },
      audit: { breaches: [] },
    });
  });

  it('a later run with a number added to the pool changes only that number', async () => {
    await target.cli('setup', '--pool', `${N.poolA},${N.poolB}`);

    const json = JSON.parse(
      (await target.cli('setup', '--pool', `${N.poolA},${N.poolB},${N.fresh}`, '--json')).stdout,
    ) as SetupJson;

    expect(json.numbers.map((number) => number.phone)).toEqual([N.fresh]);
    expect(json.webhooks.applied).toEqual([N.fresh]);
  });

  it('a number chosen for nothing is left alone and named; the audit reports it (exit 1)', async () => {
    const result = await target.cli('setup', '--pool', N.poolA, '--json');

    const json = JSON.parse(result.stdout) as SetupJson;
    expect(result.code).toBe(1);
    expect(json.leftAlone.map((item) => item.phone)).toEqual([N.poolB, N.fresh]);
    expect(json.audit.breaches.map((breach) => breach.kind)).toEqual([
      'twilio-number-not-in-table',
      'twilio-number-not-in-table',
    ]);
  });

  it('at a terminal it shows the account and asks; empty answers take the configured onboarding number and every other number', async () => {
    const result = await target.run(['setup'], { answers: ['', ''] });

    expect(result.code).toBe(0);
    expect(result.questions).toEqual([
      `Onboarding (sign-up) number [${N.onboarding}]: `,
      `Pool numbers, comma-separated, or none [${[N.poolA, N.poolB, N.fresh].join(',')}]: `,
    ]);
    expect(result.stderr).toContain(`  ${N.fresh}  not in the number table\n`);
  });

  it('without a terminal and without --pool it asks for the flags (exit 2) and writes nothing', async () => {
    const result = await target.cli('setup');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'no terminal to ask on: pass --pool <number,...> (or --yes for every other number on the account)',
    );
    expect(await target.directoryItems()).toEqual([]);
  });

  it('--yes takes every other number on the account for the pool', async () => {
    const json = JSON.parse((await target.cli('setup', '--yes', '--json')).stdout) as SetupJson;

    expect(json.pool).toEqual([N.poolA, N.poolB, N.fresh]);
    expect(json.audit.breaches).toEqual([]);
  });

  it('refuses a pool number that is not on the Twilio account, or an onboarding number other than the configured one', async () => {
    const notOnAccount = await target.cli('setup', '--pool', N.internal);
    const otherOnboarding = await target.cli('setup', '--onboarding', N.poolA, '--pool', N.poolB);

    expect(notOnAccount).toMatchObject({ code: 1, stderr: `refused: ${N.internal} is not on the Twilio account\n` });
    expect(otherOnboarding).toMatchObject({
      code: 1,
      stderr: `refused: the configured onboarding number is ${N.onboarding}: only it can be ONBOARDING\n`,
    });
    expect(await target.directoryItems()).toEqual([]);
  });
});

describe('admin setup, on a table with clients', () => {
  it("never takes a client's number for the pool: it is left alone and named", async () => {
    const target = await startAdminTarget(ADMIN_SEED, { twilio: true });
    try {
      const json = JSON.parse(
        (await target.cli('setup', '--pool', `${N.ace},${N.poolA}`, '--json')).stdout,
      ) as SetupJson;

      expect(json.leftAlone).toContainEqual({ phone: N.ace, reason: expect.stringContaining('client c1 owns it') });
      expect(JSON.parse((await target.cli('numbers', 'show', N.ace, '--json')).stdout).record.role).toBe('OPERATIONAL');
    } finally {
      await target.close();
    }
  });
});
