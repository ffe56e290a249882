import { ADMIN_NUMBERS as N, ADMIN_PUBLIC_BASE_URL, startAdminTarget, type AdminTarget } from './support/admin-target';

const VOICE = `${ADMIN_PUBLIC_BASE_URL}/twilio/voice`;
const STATUS = `${ADMIN_PUBLIC_BASE_URL}/twilio/status`;
const SMS = `${ADMIN_PUBLIC_BASE_URL}/twilio/sms`;

function fieldsOf(target: AdminTarget, phone: string): Record<string, string> {
  const number = target.twilio?.phoneNumbers().find((item) => item.phoneNumber === phone);
  if (!number) throw new Error(`${phone} is not on the fake account`);
  return number.fields;
}

describe('admin numbers wire', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget(undefined, { twilio: true });
  });
  afterEach(async () => target.close());

  it('a dry run prints what each number would get and changes nothing on Twilio', async () => {
    const result = await target.cli('numbers', 'wire', '--dry-run');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan (dry run, nothing changed)');
    expect(result.stdout).toContain(`${N.ace}  OPERATIONAL: would set voice URL ${VOICE}`);
    expect(result.stdout).toContain(`${N.onboarding}  ONBOARDING: would set voice URL ${VOICE}`);
    expect(target.twilio?.numberUpdates()).toBe(0);
    expect(fieldsOf(target, N.ace).voice_url).toBe('');
  });

  it('an OPERATIONAL number gets the voice URL, the same URL as voice fallback, the status callback and the SMS URL', async () => {
    expect((await target.cli('numbers', 'wire')).code).toBe(0);

    expect(fieldsOf(target, N.ace)).toMatchObject({
      voice_url: VOICE,
      voice_method: 'POST',
      voice_fallback_url: VOICE,
      status_callback: STATUS,
      status_callback_method: 'POST',
      sms_url: SMS,
      sms_method: 'POST',
      sms_fallback_url: '',
    });
  });

  it('the ONBOARDING number gets SMS and only the voice route that refuses it, and no status callback', async () => {
    await target.cli('numbers', 'wire');

    expect(fieldsOf(target, N.onboarding)).toMatchObject({
      voice_url: VOICE,
      voice_fallback_url: VOICE,
      status_callback: '',
      sms_url: SMS,
      sms_fallback_url: '',
    });
  });

  it('a SYSTEM number is wired like an OPERATIONAL one, so its calls and texts are logged and counted', async () => {
    await target.cli('numbers', 'wire');

    expect(fieldsOf(target, N.poolA)).toMatchObject({ voice_url: VOICE, status_callback: STATUS, sms_url: SMS });
  });

  it('a status callback left on the ONBOARDING number by hand is removed', async () => {
    await target.cli('numbers', 'wire');
    const onboarding = target.twilio!.phoneNumbers().find((item) => item.phoneNumber === N.onboarding)!;
    await fetch(
      `${target.twilio!.baseUrl}/2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers/${onboarding.sid}.json`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('AC00000000000000000000000000000000:local-twilio-auth-token').toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          StatusCallback: 'https://old.example.test/status',
          SmsFallbackUrl: 'https://old.example.test/sms',
        }),
      },
    );

    const result = await target.cli('numbers', 'wire');

    expect(result.stdout).toContain(
      `${N.onboarding}  ONBOARDING: set status callback (none) (was https://old.example.test/status)`,
    );
    expect(fieldsOf(target, N.onboarding)).toMatchObject({ status_callback: '', sms_fallback_url: '' });
  });

  it('a second run finds every number right and changes nothing', async () => {
    await target.cli('numbers', 'wire');
    const updates = target.twilio!.numberUpdates();

    const again = await target.cli('numbers', 'wire');

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Every number on the account is already wired as its role requires.');
    expect(again.stdout).toContain('6 numbers already right, left alone.');
    expect(target.twilio!.numberUpdates()).toBe(updates);
  });

  it('a number on the account that the table does not know is left alone, reported with its fix, and exits 1', async () => {
    target.twilio!.addPhoneNumber(N.fresh);

    const result = await target.cli('numbers', 'wire');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${N.fresh} is on the Twilio account but not in the number table: its role is never guessed`,
    );
    expect(result.stdout).toContain(
      `fix: numbers add ${N.fresh} --role <OPERATIONAL|ONBOARDING|SYSTEM>, then numbers wire`,
    );
    expect(fieldsOf(target, N.fresh).voice_url).toBe('');
    expect(fieldsOf(target, N.ace).voice_url).toBe(VOICE);
  });

  it('a number in the table without a valid role is not wired', async () => {
    target.twilio!.addPhoneNumber('+447476955201');
    await target.putDirectoryItem({ pk: '+447476955201', sk: 'NUMBER', role: 'operational' });

    const result = await target.cli('numbers', 'wire');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('+447476955201 has no valid role in the number table');
    expect(fieldsOf(target, '+447476955201').voice_url).toBe('');
  });

  it('--json gives the plan and what was applied', async () => {
    const result = await target.cli('numbers', 'wire', '--json');

    const report = JSON.parse(result.stdout) as {
      applied: string[];
      urls: Record<string, string>;
      unknownOnAccount: unknown[];
    };
    expect(report.applied.sort()).toEqual([N.onboarding, N.ace, N.bright, N.poolA, N.poolB, N.internal].sort());
    expect(report.urls).toEqual({ voice: VOICE, status: STATUS, sms: SMS });
    expect(report.unknownOnAccount).toEqual([]);
  });
});

describe('admin audit, against the Twilio account', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget(undefined, { twilio: true });
  });
  afterEach(async () => target.close());

  it('numbers wired as their roles say pass the audit, which says it checked Twilio', async () => {
    await target.cli('numbers', 'wire');

    const result = await target.cli('audit');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Twilio: checked the numbers of Twilio account AC…0000');
    expect(result.stdout).toContain('No breaches: every invariant holds.');
  });

  it('a number whose Twilio configuration differs from its role is drift, fixed by numbers wire', async () => {
    await target.cli('numbers', 'wire');
    // A second ONBOARDING number, written raw (the CLI refuses it): its status callback is now wrong too.
    await target.putDirectoryItem({ pk: N.poolB, sk: 'NUMBER', role: 'ONBOARDING', status: 'RESERVED' });

    const result = await target.cli('audit');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `[twilio-wiring-drift] ${N.poolB} is ONBOARDING but its Twilio configuration differs from what that role requires (statusCallback)`,
    );
    expect(result.stdout).toContain('fix: numbers wire');
  });

  it('a number on the account that the table does not know is a breach, fixed by adding it with a role', async () => {
    await target.cli('numbers', 'wire');
    target.twilio!.addPhoneNumber(N.fresh);

    const result = await target.cli('audit');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `[twilio-number-not-in-table] ${N.fresh} is on the Twilio account but not in the number table: its role is only inferred`,
    );
    expect(result.stdout).toContain(
      `fix: numbers add ${N.fresh} --role <OPERATIONAL|ONBOARDING|SYSTEM>   (decide which), then numbers wire`,
    );
  });

  it('when Twilio cannot be reached the audit still checks the table and says Twilio was not checked', async () => {
    await target.twilio!.close();

    const result = await target.cli('audit', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      breaches: [],
      twilio: { checked: false, reason: expect.stringContaining('Twilio API unreachable') },
    });
  });
});

describe('admin numbers wire, without a Twilio API', () => {
  it('says it cannot read the numbers and how to start the local one, and exits 1', async () => {
    const target = await startAdminTarget();
    try {
      const result = await target.cli('numbers', 'wire');

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: cannot read the numbers of Twilio account AC…0000 at http://127.0.0.1:1');
      expect(result.stderr).toContain('(check TWILIO_API_BASE_URL (http://127.0.0.1:1))');
    } finally {
      await target.close();
    }
  });
});
