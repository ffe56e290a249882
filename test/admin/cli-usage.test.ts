import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_DYNAMODB_PORT, LOCAL_TARGET_TABLES } from '../../admin/admin-target';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { LOCAL_TABLES } from '../../local/local-service';
import { runCli } from './support/admin-target';

const ROOT = resolve(__dirname, '../..');

describe('the admin CLI', () => {
  it.each(
    [
      [[]],
      ['numbers', 'list'],
      ['numbers', 'show'],
      ['numbers', 'add'],
      ['numbers', 'set-role'],
      ['numbers', 'release'],
      ['clients', 'list'],
      ['clients', 'show'],
      ['jobs', 'list'],
      ['audit'],
      ['import'],
      ['simulate', 'call'],
      ['simulate', 'text'],
    ].map((words) => [words.flat().join(' ') || '(no command)', words.flat()]),
  )('%s --help prints its usage and exits 0', async (_name, words) => {
    const result = await runCli([...(words as string[]), '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: mct-admin /);
    expect(result.stdout).toContain('--env <name>');
  });

  it('read commands offer --json', async () => {
    for (const words of [
      ['numbers', 'list'],
      ['numbers', 'show'],
      ['clients', 'list'],
      ['clients', 'show'],
      ['jobs', 'list'],
      ['audit'],
    ]) {
      expect((await runCli([...words, '--help'])).stdout).toContain('--json');
    }
  });

  it('no command, an unknown command or an unknown option is a usage error: exit 2, help on stderr', async () => {
    const none = await runCli([]);
    const unknown = await runCli(['nubmers', 'list']);
    const badOption = await runCli(['audit', '--jsn']);

    expect(none).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('Usage: mct-admin') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("error: unknown command 'nubmers'") });
    expect(badOption).toMatchObject({ code: 2, stderr: expect.stringContaining("error: unknown option '--jsn'") });
  });

  it('--endpoint and --env together, or --region without --env, are usage errors', async () => {
    expect(await runCli(['audit', '--env', 'prod', '--endpoint', 'http://127.0.0.1:9'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot be used with option'),
    });
    expect(await runCli(['audit', '--region', 'eu-west-2'])).toMatchObject({
      code: 2,
      stderr: 'error: --region and --profile go with --env\n',
    });
  });

  it('runs as `npm run admin -- <command>`, the way the docs say', () => {
    const help = spawnSync('npm', ['run', '--silent', 'admin', '--', 'numbers', 'set-role', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const usage = spawnSync('npm', ['run', '--silent', 'admin', '--', 'numbers', 'set-role', 'not-a-phone', 'SYSTEM'], {
      cwd: ROOT,
      encoding: 'utf8',
    });

    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: mct-admin numbers set-role [options] <phone> <role>');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("error: command-argument value 'not-a-phone' is invalid for argument 'phone'");
  });

  it('runs as the mct-admin bin entry, from any directory', () => {
    const result = spawnSync(resolve(ROOT, 'admin/mct-admin.cjs'), ['audit', '--help'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: mct-admin audit [options]');
  });

  it('targets what `npm start` runs by default: its tables, port, token and account', () => {
    expect(LOCAL_TARGET_TABLES).toEqual(LOCAL_TABLES);
    expect(LOCAL_WEBHOOK_DEFAULTS).toEqual({
      port: '3000',
      authToken: 'local-twilio-auth-token',
      accountSid: 'AC00000000000000000000000000000000',
    });
    expect(DEFAULT_DYNAMODB_PORT).toBe('8000');
  });
});
