import { startAdminTarget, type AdminTarget } from './support/admin-target';

/* Issue 19 §3: `admin clients set-emergency-ring`, as the owner's EMERGENCY RING ON|OFF text does. */
describe('admin clients set-emergency-ring', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  it('turns the emergency ring on and off, says when nothing changes, and shows it', async () => {
    const on = await target.cli('clients', 'set-emergency-ring', 'c1', 'ON');
    const again = await target.cli('clients', 'set-emergency-ring', 'c1', 'on');
    const shown = await target.cli('clients', 'show', 'c1');
    const json = JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout);
    const off = await target.cli('clients', 'set-emergency-ring', 'c1', 'off');

    expect(on.stdout).toBe('client c1 (Ace Plumbing): emergency ring off -> on\n');
    expect(again.stdout).toBe('c1: unchanged (emergency ring already on)\n');
    expect(shown.stdout).toContain("  emergencies: ring the owner's phone too (EMERGENCY RING ON)\n");
    expect(json.emergencyRing).toBe(true);
    expect(off.stdout).toBe('client c1 (Ace Plumbing): emergency ring on -> off\n');
    expect(JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout).emergencyRing).toBeUndefined();
  });

  it('refuses anything but on or off (exit 2), and a client without a number (exit 1)', async () => {
    expect(await target.cli('clients', 'set-emergency-ring', 'c1', 'maybe')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"maybe" is not on or off'),
    });
    expect(await target.cli('clients', 'set-emergency-ring', 'nope', 'on')).toMatchObject({
      code: 1,
      stdout: 'no client nope with a number\n',
    });
  });
});
