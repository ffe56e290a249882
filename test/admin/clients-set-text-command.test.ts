import { startAdminTarget, type AdminTarget } from './support/admin-target';

describe('admin clients set-text', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  const shown = async () =>
    JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout) as Record<string, unknown>;

  it('sets the text-back as the TEXTBACK text does, and prints exactly what a caller gets', async () => {
    const result = await target.cli('clients', 'set-text', 'c1', 'textback', 'Hi, {name} here: text us your job.');

    expect(result).toMatchObject({
      code: 0,
      stdout:
        'c1 (Ace Plumbing): Callers you miss now get: "Hi, Ace Plumbing here: text us your job. Reply STOP to opt out." (1 segment).\n',
    });
    expect((await shown()).textBack).toBe('Hi, {name} here: text us your job.');
    expect((await target.cli('clients', 'show', 'c1')).stdout).toContain(
      '  text-back:   "Hi, {name} here: text us your job."\n',
    );
  });

  it('sets the out-of-hours text and the greeting; "reset" goes back to the default', async () => {
    await target.cli('clients', 'set-text', 'c1', 'afterhours', 'Closed: we will text you at 8.');
    const greeting = await target.cli('clients', 'set-text', 'c1', 'greeting', 'You reached {name} & sons.');
    const reset = await target.cli('clients', 'set-text', 'c1', 'afterhours', 'reset');

    expect(greeting.stdout).toBe(
      `c1 (Ace Plumbing): Callers now hear: "You reached Ace Plumbing & sons. Please leave a message after the tone. We'll also send you a text message."\n`,
    );
    expect(reset.stdout).toBe(
      'c1 (Ace Plumbing): Callers you miss while closed now get the standard text, with when you open.\n',
    );
    expect(await shown()).toMatchObject({ greeting: 'You reached {name} & sons.' });
    expect((await shown()).afterHoursText).toBeUndefined();
  });

  it('refuses what the owner would be refused (a link, a phone number, too long), and changes nothing', async () => {
    for (const text of ['See evil.example/x', 'Call 07911 999888', 'a'.repeat(321)]) {
      expect(await target.cli('clients', 'set-text', 'c1', 'textback', text)).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^refused: textback: it (has|is 321 characters)/),
      });
    }
    expect((await shown()).textBack).toBeUndefined();
  });

  it('an unknown kind is a usage error', async () => {
    expect((await target.cli('clients', 'set-text', 'c1', 'banner', 'Hello')).code).toBe(2);
  });
});
