import { ADMIN_NUMBERS as N, startAdminTarget, type AdminTarget } from './support/admin-target';

/** A job as the functions store it: under its client's partition (`CLIENT#<clientId>`), whatever its number. */
function job(business: string, customer: string, extra: Record<string, unknown>) {
  const clientId = typeof extra.clientId === 'string' ? extra.clientId : 'c1';
  return {
    pk: `CLIENT#${clientId}`,
    sk: `OPENJOB#${customer}`,
    jobId: `job-${customer.slice(-4)}`,
    clientId,
    business,
    customer,
    status: 'OPEN',
    messageCount: 1,
    ...extra,
  };
}

describe('admin clients and jobs', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  it('clients list shows every client with the number it owns, or none', async () => {
    await target.cli('numbers', 'release', N.bright);

    const result = await target.cli('clients', 'list');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/c1\s+Ace Plumbing\s+\+447400111222\s+\+447476955110\n/);
    expect(result.stdout).toMatch(/c2\s+Bright Sparks Electrical\s+\+447400333444\s+\(none\)\n/);
    expect(JSON.parse((await target.cli('clients', 'list', '--json')).stdout)).toEqual([
      { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+447400111222', twilioNumber: N.ace },
      { id: 'c2', businessName: 'Bright Sparks Electrical', ownerPhone: '+447400333444', twilioNumber: null },
    ]);
  });

  it('clients show gives the business, its number with its role, how calls reach it, and its open jobs', async () => {
    await target.putActivityItem(job(N.ace, N.customer, { ref: 1 }));

    const result = await target.cli('clients', 'show', 'c1');

    expect(result).toMatchObject({
      code: 0,
      stdout:
        'c1: Ace Plumbing\n  owner phone: +447400111222\n  number:      +447476955110 (OPERATIONAL, ASSIGNED)\n' +
        '  calls:       greeting and voicemail (forward mode)\n  hours:       open at any time\n  open jobs:   1\n',
    });
  });

  it('clients show of a client that does not exist exits 1', async () => {
    expect(await target.cli('clients', 'show', 'c9')).toMatchObject({ code: 1, stdout: 'no client c9\n' });
    expect(await target.cli('clients', 'show', 'c9', '--json')).toMatchObject({ code: 1, stdout: 'null\n' });
  });

  it("jobs list shows the client's jobs, most recent first, and --open keeps the open ones", async () => {
    await target.putActivityItem(job(N.ace, N.customer, { ref: 2, lastMessageAt: '2026-11-25T10:00:00.000Z' }));
    await target.putActivityItem({
      ...job(N.ace, '+447912345678', { ref: 1, status: 'DONE', lastMessageAt: '2026-11-24T10:00:00.000Z' }),
      sk: 'JOB#000001#job-5678',
    });
    // Another client's job on the same number (from before the number changed hands) is not c1's.
    await target.putActivityItem(job(N.ace, '+447913000000', { clientId: 'c-old' }));

    const all = JSON.parse((await target.cli('jobs', 'list', '--client', 'c1', '--json')).stdout) as Array<{
      ref: number;
      status: string;
    }>;
    const open = await target.cli('jobs', 'list', '--client', 'c1', '--open');

    expect(all.map((entry) => [entry.ref, entry.status])).toEqual([
      [2, 'OPEN'],
      [1, 'DONE'],
    ]);
    expect(open.stdout).toMatch(/^REF\s+CUSTOMER\s+STATUS\s+MESSAGES/);
    expect(open.stdout).toMatch(/#2\s+\+447911123456\s+OPEN\s+1\s+/);
    expect(open.stdout).toContain('1 open job for c1 (Ace Plumbing)');
  });

  it('jobs list finds the jobs of a client that no longer has a number', async () => {
    await target.putActivityItem(job(N.ace, N.customer, { ref: 1 }));
    await target.cli('numbers', 'release', N.ace);

    const result = await target.cli('jobs', 'list', '--client', 'c1', '--json');

    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ ref: 1, business: N.ace, customer: N.customer }),
    ]);
  });

  it('jobs list needs --client, and a client that does not exist exits 1', async () => {
    expect((await target.cli('jobs', 'list')).code).toBe(2);
    expect(await target.cli('jobs', 'list', '--client', 'c9')).toMatchObject({ code: 1, stdout: 'no client c9\n' });
  });
});
