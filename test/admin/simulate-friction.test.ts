import { createServer } from 'node:net';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { ADMIN_NUMBERS as N, ADMIN_SEED, runCli } from './support/admin-target';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('admin simulate says what would otherwise surprise', () => {
  let service: LocalService;
  let env: Record<string, string>;
  beforeAll(async () => {
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: LOCAL_WEBHOOK_DEFAULTS.authToken,
      accountSid: LOCAL_WEBHOOK_DEFAULTS.accountSid,
      seed: ADMIN_SEED,
      logWriter: () => undefined,
    });
    // The same two settings `npm start` was given, on other ports than the defaults.
    env = { PORT: new URL(service.url).port, DYNAMODB_PORT: new URL(service.dynamodbEndpoint).port };
  });
  afterAll(async () => service.close());

  it('a call to a business number plays without a warning', async () => {
    const result = await runCli(['simulate', 'call', '--to', N.bright, '--from', N.customer, '--wait', '0'], env);

    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('a call to a SYSTEM number (released, or a pool number) says on stderr that --to is not OPERATIONAL', async () => {
    const result = await runCli(['simulate', 'call', '--to', N.poolA, '--from', N.customer, '--wait', '0'], env);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: --to ${N.poolA} is not an OPERATIONAL number: it is SYSTEM, a number no business owns: calls and texts are only logged and counted, nothing is sent\n`,
    );
    expect(result.stdout).toContain('SMS sent: none');
  });

  it('a text to a number nobody knows says so, and --json carries the warning', async () => {
    const result = await runCli(
      ['simulate', 'text', '--to', '+447476955999', '--from', N.customer, '--body', 'hi', '--wait', '0', '--json'],
      env,
    );

    const output = JSON.parse(result.stdout) as { warnings?: string[] };
    expect(output.warnings).toEqual([
      '--to +447476955999 is not an OPERATIONAL number: it is SYSTEM (unknown to the number table), a number no business owns: calls and texts are only logged and counted, nothing is sent',
    ]);
    expect(result.stderr).toContain('warning: --to +447476955999 is not an OPERATIONAL number');
  });

  it('a national --from (07911123456) is said to be played as withheld, with the international form to use', async () => {
    const result = await runCli(
      ['simulate', 'call', '--to', N.bright, '--from', '07911123456', '--wait', '0', '--json'],
      env,
    );

    expect((JSON.parse(result.stdout) as { warnings?: string[] }).warnings).toEqual([
      '--from "07911123456" is not a phone number in international form nor a withheld caller ID: Twilio never sends such a caller, and the service treats it as withheld (no number); did you mean +447911123456?',
    ]);
  });

  it("the owner's copy of a text is printed with its line breaks, each line under the one before", async () => {
    const result = await runCli(
      ['simulate', 'text', '--to', N.ace, '--from', '+447912345670', '--body', 'Boiler is leaking\nin the loft'],
      env,
    );

    expect(result.stdout).toMatch(
      /\+447476955110 -> \+447400111222: #\d+ New job from \+447912345670:\n {4}Boiler is leaking\n {4}in the loft\n {4}Reply here/,
    );
  });

  it('with nothing listening on PORT, it names the URL it tried and the setting that moves it', async () => {
    const port = await closedPort();
    const result = await runCli(['simulate', 'call', '--to', N.bright, '--from', N.customer], {
      ...env,
      PORT: String(port),
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: cannot reach the service at http://localhost:${port}/twilio/voice (from PORT=${port}; ECONNREFUSED): is "npm start" running? If it listens on another PORT, set the same PORT for this command (or pass --url)\n`,
    );
    expect(result.stderr).not.toContain('TypeError');
  });

  it('every command finds the service from the same DYNAMODB_PORT as npm start', async () => {
    const result = await runCli(['numbers', 'list', '--json'], env);

    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { phone: string }[]).map((row) => row.phone)).toContain(N.bright);
  });
});
