import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_NUMBERS as N, sortedItems, startAdminTarget, type AdminTarget } from './support/admin-target';

/** An export of the old twilio_number_pool table: good rows, bad rows and duplicates, phones mostly without +. */
const LEGACY_EXPORT = [
  'phone_e164,role,client_id,status',
  '447476955201,SYSTEM,,AVAILABLE',
  '447476955202,,,AVAILABLE',
  '447476955203,OPERATIONAL,,ASSIGNED',
  '"447476955204",system,,available',
  '447476955204,SYSTEM,,AVAILABLE',
  '447476955205,SYSTEM,,',
  '447476955205,OPERATIONAL,c2,',
  'not-a-number,SYSTEM,,',
  '447476955206,BACKUP,,',
  '447476955120,OPERATIONAL,c2,ASSIGNED',
  '447476955140,SYSTEM,,RESERVED',
  '',
].join('\n');

describe('admin import', () => {
  let target: AdminTarget;
  let file: string;
  beforeEach(async () => {
    target = await startAdminTarget();
    file = join(await mkdtemp(join(tmpdir(), 'admin-import-')), 'twilio_number_pool.csv');
    await writeFile(file, LEGACY_EXPORT);
  });
  afterEach(async () => target.close());

  it('a dry run reports what would change, refuses rows without an explicit valid role, and writes nothing', async () => {
    const before = sortedItems(await target.directoryItems());

    const result = await target.cli('import', file);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('(dry run: nothing written, add --apply to write)');
    expect(result.stdout).toMatch(/2\s+447476955201\s+create\s+new number \+447476955201: SYSTEM, AVAILABLE\n/);
    expect(result.stdout).toMatch(
      /3\s+447476955202\s+REFUSED\s+no role: every number needs an explicit role, none is assumed\n/,
    );
    expect(result.stdout).toMatch(
      /4\s+447476955203\s+REFUSED\s+OPERATIONAL without a client_id: an OPERATIONAL number needs an existing client\n/,
    );
    expect(result.stdout).toMatch(/6\s+447476955204\s+duplicate\s+same as line 5\n/);
    expect(result.stdout).toMatch(
      /7\s+447476955205\s+REFUSED\s+\+447476955205 appears on lines 7, 8 with different values: fix the export\n/,
    );
    expect(result.stdout).toMatch(/9\s+not-a-number\s+REFUSED\s+"not-a-number" is not a valid phone number\n/);
    expect(result.stdout).toMatch(
      /10\s+447476955206\s+REFUSED\s+role "BACKUP" is not one of OPERATIONAL, ONBOARDING, SYSTEM\n/,
    );
    expect(result.stdout).toMatch(/11\s+447476955120\s+unchanged\s+\+447476955120\n/);
    expect(result.stdout).toMatch(/12\s+447476955140\s+update\s+status \(none\) -> RESERVED\n/);
    expect(result.stdout).toContain('Summary: 2 to create, 1 to update, 1 unchanged, 1 duplicate, 6 refused');
    expect(sortedItems(await target.directoryItems())).toEqual(before);
  });

  it('--apply writes the good rows as E.164, with progress, and still reports the refused ones', async () => {
    const result = await target.cli('import', file, '--apply');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      '[1/3] line 2 +447476955201: created\n[2/3] line 5 +447476955204: created\n[3/3] line 12 +447476955140: updated\n',
    );
    expect((await target.partition('+447476955201')).NUMBER).toMatchObject({ role: 'SYSTEM', status: 'AVAILABLE' });
    expect((await target.partition('+447476955204')).NUMBER).toMatchObject({ role: 'SYSTEM', status: 'AVAILABLE' });
    expect((await target.partition(N.internal)).NUMBER).toMatchObject({ role: 'SYSTEM', status: 'RESERVED' });
    expect(await target.partition('+447476955202')).toEqual({});
    expect(await target.partition('+447476955203')).toEqual({});
    expect((await target.cli('audit')).code).toBe(0);
  });

  it('running it a second time changes nothing', async () => {
    await target.cli('import', file, '--apply');
    const afterFirst = sortedItems(await target.directoryItems());

    const second = await target.cli('import', file, '--apply');

    expect(second.stdout).toContain('Summary: 0 create, 0 update, 4 unchanged, 1 duplicate, 6 refused');
    expect(second.stderr).toBe('');
    expect(sortedItems(await target.directoryItems())).toEqual(afterFirst);
  });

  it('an export with only good rows exits 0, and assigns a client that has no number', async () => {
    await target.cli('numbers', 'release', N.bright);
    await writeFile(file, 'phone_e164,role,client_id,status\n447476955201,OPERATIONAL,c2,\n447476955202,SYSTEM,,\n');

    const result = await target.cli('import', file, '--apply', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      applied: true,
      counts: { create: 2, update: 0, unchanged: 0, duplicate: 0, refused: 0 },
    });
    expect((await target.partition('+447476955201')).CLIENT).toMatchObject({
      clientId: 'c2',
      twilioNumber: '+447476955201',
    });
    expect((await target.cli('audit')).code).toBe(0);
  });

  it('a file that is not the export is refused as a whole', async () => {
    await writeFile(file, 'number,kind\n447476955201,SYSTEM\n');

    expect(await target.cli('import', file)).toMatchObject({
      code: 1,
      stderr: 'refused: the header has no phone_e164 or role column: expected phone_e164, role, client_id, status\n',
    });
    expect(await target.cli('import', join(file, 'missing.csv'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error: cannot read'),
    });
  });
});
