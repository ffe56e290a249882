import { startAdminTarget, type AdminTarget } from './support/admin-target';

/** Issue 19 §5: `clients set-webhook <id> <https-url>|off`, with a secret shown once. */
describe('admin clients set-webhook', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  const webhookItem = async () => (await target.partition('CLIENT#c1')).CRM_WEBHOOK;
  const shown = async () =>
    JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout) as Record<string, unknown>;

  it('stores the URL and a new secret apart from the client record, flags the record, and prints the secret once', async () => {
    const result = await target.cli('clients', 'set-webhook', 'c1', 'https://crm.example.com/hooks/mct');

    expect(result.code).toBe(0);
    const secret = /secret \(shown once[^)]*\): (whsec_[A-Za-z0-9_-]{43})\n$/.exec(result.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(result.stdout).toContain(
      'c1 (Ace Plumbing): CRM webhook -> https://crm.example.com/hooks/mct (a new secret)',
    );
    expect(await webhookItem()).toMatchObject({ url: 'https://crm.example.com/hooks/mct', secret });
    expect((await shown()).crmEvents).toBe(true);
    // Not on the client record every webhook reads, and never shown again.
    expect(JSON.stringify(await shown())).not.toContain(secret);
    expect((await target.cli('clients', 'show', 'c1')).stdout).toContain('  CRM:         job events sent');
  });

  it('running it again rotates the secret; --json gives it to a script', async () => {
    await target.cli('clients', 'set-webhook', 'c1', 'https://crm.example.com/hooks/mct');
    const first = (await webhookItem())?.secret;
    const again = await target.cli('clients', 'set-webhook', 'c1', 'https://crm.example.com/hooks/mct', '--json');
    const printed = JSON.parse(again.stdout) as { clientId: string; url: string; secret: string };

    expect(printed).toMatchObject({ clientId: 'c1', url: 'https://crm.example.com/hooks/mct' });
    expect(printed.secret).not.toBe(first);
    expect((await webhookItem())?.secret).toBe(printed.secret);
  });

  it('off removes the webhook and the flag', async () => {
    await target.cli('clients', 'set-webhook', 'c1', 'https://crm.example.com/hooks/mct');
    const off = await target.cli('clients', 'set-webhook', 'c1', 'off');

    expect(off).toMatchObject({ code: 0, stdout: 'client c1 (Ace Plumbing): CRM webhook off\n' });
    expect(await webhookItem()).toBeUndefined();
    expect((await shown()).crmEvents).toBeUndefined();
  });

  it.each([
    ['http://crm.example.com/hook', 'not https'],
    ['https://10.0.0.5/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://[::1]/hook', 'loopback'],
    ['https://admin:pw@crm.example.com/hook', 'credentials'],
    ['http://localhost:4000/local/crm', 'not https'],
  ])('refuses %s (exit 2) and changes nothing', async (url, why) => {
    const result = await target.cli('clients', 'set-webhook', 'c1', url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(why);
    expect(await webhookItem()).toBeUndefined();
  });

  it("locally, the local service's receiver is allowed (http://localhost:$PORT/local/crm)", async () => {
    const result = await target.cli('clients', 'set-webhook', 'c1', 'http://localhost:3000/local/crm');
    expect(result.code).toBe(0);
    expect((await webhookItem())?.url).toBe('http://localhost:3000/local/crm');
  });

  it('an unknown client exits 1 and writes nothing', async () => {
    const result = await target.cli('clients', 'set-webhook', 'c9', 'https://crm.example.com/hook');
    expect(result).toMatchObject({ code: 1, stdout: 'no client c9\n' });
    expect(await target.partition('CLIENT#c9')).toEqual({});
  });
});
