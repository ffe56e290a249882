import { ADMIN_NUMBERS as N, startAdminTarget, type AdminTarget } from './support/admin-target';

interface Added {
  clientId: string;
  businessName: string;
  ownerPhone: string;
  twilioNumber: string;
  hours?: { text: string; timeZone: string };
}

describe('admin clients add', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  it('adds a client on the next free pool number, as sign-up does, and prints its id and number', async () => {
    const result = await target.cli('clients', 'add', '--name', 'Dale Roofing', '--owner', '+447911200123');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^c-[0-9a-f]{8}: Dale Roofing, number \+4474769551(30|31)\n/);
    const id = /^(c-[0-9a-f]{8})/.exec(result.stdout)?.[1] as string;
    const number = /number (\+\d+)/.exec(result.stdout)?.[1] as string;
    const shown = JSON.parse((await target.cli('numbers', 'show', number, '--json')).stdout);
    expect(shown.record).toEqual({ role: 'OPERATIONAL', storedRole: 'OPERATIONAL', status: 'ASSIGNED', clientId: id });
    expect(shown.owner).toMatchObject({ id, businessName: 'Dale Roofing', ownerPhone: '+447911200123' });
  });

  it('--number takes that pool number; --hours and --time-zone set the opening hours; --json prints them', async () => {
    const result = await target.cli(
      'clients',
      'add',
      '--name',
      '  Dale   Roofing ',
      '--owner',
      '+44 7911 200123',
      '--number',
      N.poolB,
      '--hours',
      'mon-fri 8:00-18:00',
      '--time-zone',
      'Europe/Dublin',
      '--json',
    );

    const added = JSON.parse(result.stdout) as Added;
    expect(added).toMatchObject({
      businessName: 'Dale Roofing',
      ownerPhone: '+447911200123',
      twilioNumber: N.poolB,
      hours: { text: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Dublin' },
    });
    const shown = JSON.parse((await target.cli('clients', 'show', added.clientId, '--json')).stdout);
    expect(shown).toMatchObject({ hours: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Dublin', twilioNumber: N.poolB });
  });

  it('--alert is the phone the client record keeps for alerts and owner replies, as sign-up keeps the phone named for alerts', async () => {
    const result = await target.cli(
      'clients',
      'add',
      '--name',
      'Dale Roofing',
      '--owner',
      '+447911200123',
      '--alert',
      '+447911200456',
      '--json',
    );

    expect((JSON.parse(result.stdout) as Added).ownerPhone).toBe('+447911200456');
  });

  it.each([
    ['a name with a web address', ['--name', 'Dale www.dale.example', '--owner', '+447911200123'], 'web address'],
    ['a one-letter name', ['--name', 'D', '--owner', '+447911200123'], '2 to 40 characters'],
    ['a landline owner phone', ['--name', 'Dale Roofing', '--owner', '+442079460123'], 'landline'],
    [
      'an owner phone abroad',
      ['--name', 'Dale Roofing', '--owner', '+4915112345678'],
      'outside the countries we serve',
    ],
    ['one of our own numbers as owner', ['--name', 'Dale Roofing', '--owner', N.internal], 'one of our own numbers'],
    [
      'the onboarding number as alert phone',
      ['--name', 'Dale Roofing', '--owner', '+447911200123', '--alert', N.onboarding],
      'one of our own numbers',
    ],
    [
      "another client's owner phone",
      ['--name', 'Dale Roofing', '--owner', N.aceOwner],
      'already the owner phone of client c1',
    ],
    [
      'a number that is not a free pool number',
      ['--name', 'Dale Roofing', '--owner', '+447911200123', '--number', N.ace],
      'owned by client c1',
    ],
    [
      'hours the parser refuses',
      ['--name', 'Dale Roofing', '--owner', '+447911200123', '--hours', 'Mon-Fri 18:00-08:00'],
      'closing time must be after opening time',
    ],
  ])('refuses %s (exit 1) and writes nothing', async (_case, argv, reason) => {
    const before = await target.directoryItems();
    const result = await target.cli('clients', 'add', ...argv);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^refused: /);
    expect(result.stderr).toContain(reason);
    expect((await target.directoryItems()).length).toBe(before.length);
  });

  it('refuses when the pool is empty and says how to fill it', async () => {
    await target.cli('clients', 'add', '--name', 'One', '--owner', '+447911200001');
    await target.cli('clients', 'add', '--name', 'Two', '--owner', '+447911200002');

    const result = await target.cli('clients', 'add', '--name', 'Three', '--owner', '+447911200003');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'refused: the pool has no free number (SYSTEM, AVAILABLE): add one with "numbers add',
    );
  });

  it('leaves a clean audit behind', async () => {
    await target.cli(
      'clients',
      'add',
      '--name',
      'Dale Roofing',
      '--owner',
      '+447911200123',
      '--hours',
      'Mon-Fri 08:00-18:00',
    );

    const audit = JSON.parse((await target.cli('audit', '--json')).stdout);
    expect(audit.breaches.filter((breach: { kind: string }) => !breach.kind.startsWith('twilio'))).toEqual([]);
  });
});

describe('admin clients set-owner, set-hours and remove', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  it('set-owner changes the phone that gets the alerts, under the same rules as add', async () => {
    const changed = await target.cli('clients', 'set-owner', 'c1', '+447911200789');
    const refused = await target.cli('clients', 'set-owner', 'c1', '+447400333444');

    expect(changed).toMatchObject({
      code: 0,
      stdout: 'c1 (Ace Plumbing): owner phone +447400111222 -> +447911200789\n',
    });
    expect(JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout).ownerPhone).toBe('+447911200789');
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('already the owner phone of client c2') });
  });

  it('set-hours parses the hours as the HOURS text does, in the number country\'s time zone; "off" removes them', async () => {
    const set = await target.cli('clients', 'set-hours', 'c1', 'Mon-Sat 07:30-17:00');
    const again = await target.cli('clients', 'set-hours', 'c1', 'mon-sat 7:30-17:00');
    const off = await target.cli('clients', 'set-hours', 'c1', 'off');

    expect(set.stdout).toBe('c1 (Ace Plumbing): hours open at any time -> Mon-Sat 07:30-17:00 (Europe/London)\n');
    expect(again.stdout).toBe('c1: unchanged (hours already Mon-Sat 07:30-17:00 (Europe/London))\n');
    expect(off.stdout).toBe('c1 (Ace Plumbing): hours Mon-Sat 07:30-17:00 (Europe/London) -> open at any time\n');
  });

  it('set-hours refuses hours the parser refuses, and an unknown time zone', async () => {
    expect(await target.cli('clients', 'set-hours', 'c1', 'weekdays')).toMatchObject({
      code: 1,
      stderr: 'refused: hours: "weekdays" is not like Mon-Fri 08:00-18:00\n',
    });
    expect(
      (await target.cli('clients', 'set-hours', 'c1', 'Mon 09:00-10:00', '--time-zone', 'Mars/Base')).stderr,
    ).toContain('unknown time zone');
  });

  it('set-spam sets the spam screening as the SPAM text does, and refuses anything but on, strict or off', async () => {
    const strict = await target.cli('clients', 'set-spam', 'c1', 'STRICT');
    const again = await target.cli('clients', 'set-spam', 'c1', 'strict');
    const off = await target.cli('clients', 'set-spam', 'c1', 'off');

    expect(strict.stdout).toBe('client c1 (Ace Plumbing): spam screening on -> strict\n');
    expect(again.stdout).toBe('c1: unchanged (spam screening already strict)\n');
    expect(off.stdout).toBe('client c1 (Ace Plumbing): spam screening strict -> off\n');
    expect(JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout).spamScreen).toBe('off');
    expect(await target.cli('clients', 'set-spam', 'c1', 'maybe')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"maybe" is not a spam setting: on, strict or off'),
    });
  });

  it('remove releases the number exactly as numbers release does, then the client is gone', async () => {
    const result = await target.cli('clients', 'remove', 'c1');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${N.ace}: changed: role OPERATIONAL -> SYSTEM; status ASSIGNED -> RESTING`);
    expect(result.stdout).toContain('client c1 (Ace Plumbing) removed');
    expect(JSON.parse((await target.cli('numbers', 'show', N.ace, '--json')).stdout).record).toMatchObject({
      role: 'SYSTEM',
      status: 'RESTING',
      clientId: null,
    });
    expect((await target.cli('clients', 'show', 'c1')).code).toBe(1);
  });

  it('each says when there is no such client (exit 1)', async () => {
    for (const argv of [
      ['set-owner', 'nope', '+447911200789'],
      ['set-hours', 'nope', 'off'],
      ['set-spam', 'nope', 'off'],
      ['remove', 'nope'],
    ]) {
      expect((await target.cli('clients', ...argv)).code).toBe(1);
    }
  });

  it('a name that looks like an existing business (same TS #39 skeleton) is refused, and no number is taken', async () => {
    const before = JSON.parse((await target.cli('numbers', 'list', '--json')).stdout);

    const result = await target.cli('clients', 'add', '--name', 'Ace PIumbing', '--owner', '+447911200123');

    expect(result).toMatchObject({
      code: 1,
      stderr: 'refused: too close to an existing business name: "Ace PIumbing"\n',
    });
    expect(JSON.parse((await target.cli('numbers', 'list', '--json')).stdout)).toEqual(before);
  });

  it('a name with a letter of another script is refused before anything is read', async () => {
    const result = await target.cli('clients', 'add', '--name', '\u0410ce Plumbing', '--owner', '+447911200123');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot mix scripts');
  });

  it("removing a client releases its name's claim: the name can be taken again", async () => {
    expect((await target.cli('clients', 'remove', 'c1')).code).toBe(0);

    const result = await target.cli('clients', 'add', '--name', 'Ace Plumbing', '--owner', '+447911200123');

    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});
