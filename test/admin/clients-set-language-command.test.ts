import { startAdminTarget, type AdminTarget } from './support/admin-target';

describe('admin clients set-language (issue 19 §6)', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  const shown = async () =>
    JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout) as Record<string, unknown>;

  it('sets Spanish as the LANGUAGE ES text does; show prints it', async () => {
    const result = await target.cli('clients', 'set-language', 'c1', 'es');

    expect(result).toMatchObject({ code: 0, stdout: 'client c1 (Ace Plumbing): language en -> es\n' });
    expect((await shown()).language).toBe('es');
    expect((await target.cli('clients', 'show', 'c1')).stdout).toContain('  language:    es\n');
  });

  it('--json says what it set and whether it changed; English is stored as no value', async () => {
    const first = await target.cli('clients', 'set-language', 'c1', 'ES', '--json');
    const again = await target.cli('clients', 'set-language', 'c1', 'es', '--json');
    const back = await target.cli('clients', 'set-language', 'c1', 'en', '--json');

    expect(JSON.parse(first.stdout)).toEqual({ clientId: 'c1', language: 'es', changed: true });
    expect(JSON.parse(again.stdout)).toEqual({ clientId: 'c1', language: 'es', changed: false });
    expect(JSON.parse(back.stdout)).toEqual({ clientId: 'c1', language: 'en', changed: true });
    expect((await shown()).language).toBeUndefined();
  });

  it('a language other than en or es is a usage error, and changes nothing', async () => {
    expect((await target.cli('clients', 'set-language', 'c1', 'fr')).code).toBe(2);
    expect((await shown()).language).toBeUndefined();
  });

  it('a client without a number: exit 1', async () => {
    expect((await target.cli('clients', 'set-language', 'c-none', 'es')).code).toBe(1);
  });
});
