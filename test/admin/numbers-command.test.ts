import { ADMIN_NUMBERS as N, sortedItems, startAdminTarget, type AdminTarget } from './support/admin-target';

describe('admin numbers', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  async function expectNothingWritten(command: () => Promise<unknown>): Promise<void> {
    const before = sortedItems(await target.directoryItems());
    await command();
    expect(sortedItems(await target.directoryItems())).toEqual(before);
  }

  describe('list', () => {
    it('lists every number with its role, status, client and owner', async () => {
      const result = await target.cli('numbers', 'list');

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^PHONE\s+ROLE\s+STATUS\s+CLIENT\s+OWNED BY\n/);
      expect(result.stdout).toMatch(/\+447476955110\s+OPERATIONAL\s+ASSIGNED\s+c1\s+c1\n/);
      expect(result.stdout).toMatch(/\+447476955140\s+SYSTEM\s+-\s+-\s+-\n/);
      expect(result.stdout).toContain('6 numbers');
    });

    it('filters by role and status, and prints JSON', async () => {
      const result = await target.cli('numbers', 'list', '--role', 'system', '--status', 'AVAILABLE', '--json');

      expect(JSON.parse(result.stdout)).toEqual([
        { phone: N.poolA, role: 'SYSTEM', status: 'AVAILABLE', clientId: null, ownedBy: null },
        { phone: N.poolB, role: 'SYSTEM', status: 'AVAILABLE', clientId: null, ownedBy: null },
      ]);
    });

    it('shows a stored role that is not valid as it is, never as a guessed one', async () => {
      await target.putDirectoryItem({ pk: N.fresh, sk: 'NUMBER', role: 'operational' });

      const result = await target.cli('numbers', 'list', '--json');

      expect(JSON.parse(result.stdout)).toContainEqual(
        expect.objectContaining({ phone: N.fresh, role: null, storedRole: 'operational' }),
      );
    });
  });

  describe('show', () => {
    it('shows the record, the owner and the role the webhooks resolve, for a phone in any format', async () => {
      const result = await target.cli('numbers', 'show', '44 7476 955110');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        '+447476955110\n  role:        OPERATIONAL\n  status:      ASSIGNED\n  client:      c1\n',
      );
      expect(result.stdout).toContain('owned by:    c1, Ace Plumbing (owner +447400111222)');
      expect(result.stdout).toContain('resolves to: OPERATIONAL, from the number table');
    });

    it('a number missing from the table is a finding: exit 1, and its fallback role is shown', async () => {
      const result = await target.cli('numbers', 'show', N.fresh, '--json');

      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toEqual({
        phone: N.fresh,
        record: null,
        owner: null,
        resolution: { role: 'SYSTEM', source: 'default', description: expect.any(String) },
      });
    });
  });

  describe('add', () => {
    it('adds a number in E.164 with an explicit role and the default status for that role', async () => {
      const result = await target.cli('numbers', 'add', '447476955160', '--role', 'SYSTEM');

      expect(result).toMatchObject({
        code: 0,
        stdout: '+447476955160: changed: new number +447476955160: SYSTEM, AVAILABLE\n',
      });
      expect((await target.partition(N.fresh)).NUMBER).toMatchObject({
        role: 'SYSTEM',
        status: 'AVAILABLE',
        phone: N.fresh,
      });
    });

    it('refuses a number that is already in the table, and writes nothing', async () => {
      await expectNothingWritten(async () => {
        const result = await target.cli('numbers', 'add', N.poolA, '--role', 'SYSTEM');
        expect(result).toMatchObject({
          code: 1,
          stderr: expect.stringContaining('refused: +447476955130 is already in the number table as SYSTEM'),
        });
      });
    });

    it('refuses OPERATIONAL without an existing client', async () => {
      await expectNothingWritten(async () => {
        expect((await target.cli('numbers', 'add', N.fresh, '--role', 'OPERATIONAL')).stderr).toBe(
          'refused: OPERATIONAL needs an existing client: add --client <id>\n',
        );
        expect((await target.cli('numbers', 'add', N.fresh, '--role', 'OPERATIONAL', '--client', 'c9')).code).toBe(1);
      });
    });

    it('refuses a second ONBOARDING number', async () => {
      await expectNothingWritten(async () => {
        const result = await target.cli('numbers', 'add', N.fresh, '--role', 'ONBOARDING');
        expect(result).toMatchObject({
          code: 1,
          stderr: expect.stringContaining('+447476955179 is already ONBOARDING and there is only one'),
        });
      });
    });

    it('a bad phone, role or status is a usage error (exit 2)', async () => {
      expect((await target.cli('numbers', 'add', '12', '--role', 'SYSTEM')).code).toBe(2);
      expect((await target.cli('numbers', 'add', N.fresh, '--role', 'PRIMARY')).code).toBe(2);
      expect((await target.cli('numbers', 'add', N.fresh, '--role', 'SYSTEM', '--status', 'FREE')).code).toBe(2);
      expect((await target.cli('numbers', 'add', N.fresh)).stderr).toContain(
        "required option '--role <role>' not specified",
      );
    });
  });

  describe('set-role', () => {
    it('makes a pool number OPERATIONAL for a client without a number: the client moves into its partition', async () => {
      await target.cli('numbers', 'release', N.bright);

      const result = await target.cli('numbers', 'set-role', N.poolB, 'OPERATIONAL', '--client', 'c2');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('client c2 now owns +447476955131');
      const partition = await target.partition(N.poolB);
      expect(partition.NUMBER).toMatchObject({ role: 'OPERATIONAL', status: 'ASSIGNED', clientId: 'c2' });
      expect(partition.CLIENT).toMatchObject({
        clientId: 'c2',
        businessName: 'Bright Sparks Electrical',
        ownerPhone: '+447400333444',
        twilioNumber: N.poolB,
      });
      expect(await target.partition('CLIENT#c2')).toEqual({});
      expect((await target.cli('audit')).code).toBe(0);
    });

    it('refuses to move a number a client still owns away from OPERATIONAL without --release', async () => {
      await expectNothingWritten(async () => {
        const result = await target.cli('numbers', 'set-role', N.ace, 'SYSTEM');
        expect(result).toMatchObject({
          code: 1,
          stderr:
            'refused: client c1 still owns +447476955110: add --release to return it to the pool and leave the client without a number\n',
        });
      });
    });

    it('with --release, the number changes role and the client is left without a number', async () => {
      const result = await target.cli('numbers', 'set-role', N.ace, 'SYSTEM', '--release');

      expect(result.code).toBe(0);
      expect((await target.partition(N.ace)).NUMBER).toMatchObject({ role: 'SYSTEM', status: 'RESTING' });
      expect((await target.partition(N.ace)).NUMBER).not.toHaveProperty('clientId');
      expect((await target.partition('CLIENT#c1')).CLIENT).not.toHaveProperty('twilioNumber');
    });

    it('refuses to give a client a second number, or a number another client owns', async () => {
      await expectNothingWritten(async () => {
        expect((await target.cli('numbers', 'set-role', N.poolA, 'OPERATIONAL', '--client', 'c1')).stderr).toContain(
          'client c1 already owns +447476955110',
        );
        expect((await target.cli('numbers', 'set-role', N.ace, 'OPERATIONAL', '--client', 'c2')).stderr).toContain(
          'owned by client c1: release it first',
        );
      });
    });

    it('refuses ONBOARDING for a number that is not the configured one', async () => {
      await target.cli('numbers', 'set-role', N.onboarding, 'SYSTEM');

      const result = await target.cli('numbers', 'set-role', N.poolA, 'ONBOARDING');

      expect(result).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('the configured onboarding number is +447476955179'),
      });
    });

    it('warns when the configured onboarding number leaves ONBOARDING', async () => {
      const result = await target.cli('numbers', 'set-role', N.onboarding, 'SYSTEM');

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('warning: +447476955179 is the configured onboarding number');
    });

    it('a change that is already true writes nothing', async () => {
      await expectNothingWritten(async () => {
        const result = await target.cli('numbers', 'set-role', N.ace, 'OPERATIONAL', '--client', 'c1');
        expect(result).toMatchObject({
          code: 0,
          stdout: '+447476955110: unchanged (already OPERATIONAL, ASSIGNED, client c1)\n',
        });
      });
    });

    it('--dry-run shows the change and writes nothing', async () => {
      await expectNothingWritten(async () => {
        const result = await target.cli(
          'numbers',
          'set-role',
          N.internal,
          'SYSTEM',
          '--status',
          'RESERVED',
          '--dry-run',
        );
        expect(result.stdout).toBe(
          '+447476955140: would change: status (none) -> RESERVED\n(dry run: nothing written)\n',
        );
      });
    });
  });

  describe('release', () => {
    it('rests a client number as SYSTEM/RESTING outside the pool (issue 17) and keeps the client, without a number, at CLIENT#<id>', async () => {
      const result = await target.cli('numbers', 'release', '447476955110');

      expect(result.stdout).toBe(
        '+447476955110: changed: role OPERATIONAL -> SYSTEM; status ASSIGNED -> RESTING; client c1 -> (none); client c1 no longer owns +447476955110 and is left without a number\n',
      );
      expect(await target.partition(N.ace)).toEqual({
        NUMBER: expect.objectContaining({ role: 'SYSTEM', status: 'RESTING', poolSlot: 'RESTING' }),
      });
      expect((await target.partition('CLIENT#c1')).CLIENT).toEqual({
        pk: 'CLIENT#c1',
        sk: 'CLIENT',
        clientId: 'c1',
        businessName: 'Ace Plumbing',
        ownerPhone: N.aceOwner,
      });
      expect((await target.cli('audit')).code).toBe(0);
    });

    it('refuses the onboarding number and numbers nothing knows', async () => {
      await expectNothingWritten(async () => {
        expect((await target.cli('numbers', 'release', N.onboarding)).stderr).toContain('is the ONBOARDING number');
        expect((await target.cli('numbers', 'release', N.fresh)).stderr).toContain('nothing to release');
      });
    });
  });
});
