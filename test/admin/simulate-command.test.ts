import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { ADMIN_NUMBERS as N, ADMIN_SEED, runCli } from './support/admin-target';

const PUBLIC_BASE_URL = 'https://hooks.example.test/prod';

describe('admin simulate, against the local service', () => {
  let service: LocalService;
  let env: Record<string, string>;
  beforeAll(async () => {
    // As `npm start` runs it, with its documented default token, behind a public URL (a tunnel, say).
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: LOCAL_WEBHOOK_DEFAULTS.authToken,
      accountSid: LOCAL_WEBHOOK_DEFAULTS.accountSid,
      seed: ADMIN_SEED,
      logWriter: () => undefined,
    });
    env = { PORT: new URL(service.url).port, PUBLIC_BASE_URL, DYNAMODB_PORT: new URL(service.dynamodbEndpoint).port };
  });
  afterAll(async () => service.close());

  it('a call to a business number prints the spoken answer, the status answer, and the two SMS that resulted', async () => {
    const result = await runCli(['simulate', 'call', '--to', '447476955110', '--from', '+44 7911 123456'], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Call CA[0-9a-f]{32} from \+447911123456 to \+447476955110, ended completed\n {2}- the caller hangs up without leaving a message\n/,
    );
    expect(result.stdout).toContain(
      'POST /twilio/voice -> 200\n  <?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna">Thanks for calling Ace Plumbing.',
    );
    expect(result.stdout).toContain('POST /twilio/status -> 200\n');
    expect(result.stdout).toMatch(
      /SMS sent:\n {2}\+447476955110 -> \+447911123456: Sorry we missed your call at Ace Plumbing\..*\n {2}\+447476955110 -> \+447400111222: Missed call to Ace Plumbing/s,
    );
  });

  it('a call to the onboarding number is refused politely and nothing is sent', async () => {
    const result = await runCli(
      [
        'simulate',
        'call',
        '--to',
        N.onboarding,
        '--from',
        N.customer,
        '--status',
        'no-answer',
        '--wait',
        '0',
        '--json',
      ],
      env,
    );

    const output = JSON.parse(result.stdout) as {
      callSid: string;
      answers: Array<{ route: string; status: number; body: string }>;
      sms: unknown[];
    };
    expect(result.code).toBe(0);
    expect(output.answers.map((answer) => [answer.route, answer.status])).toEqual([
      ['/twilio/voice', 200],
      ['/twilio/status', 200],
    ]);
    expect(output.answers[0]?.body).toContain('This number is for text messages only.');
    expect(output.sms).toEqual([]);
    expect(service.metrics()['voice.status.invariant_violation.onboarding_number']).toBe(1);
  });

  it('a withheld caller gets no text-back; the owner is still told', async () => {
    const result = await runCli(
      ['simulate', 'call', '--to', N.bright, '--from', 'Anonymous', '--status', 'busy', '--json'],
      env,
    );

    const output = JSON.parse(result.stdout) as { sms: Array<{ to: string }> };
    expect(output.sms.map((sms) => sms.to)).toEqual(['+447400333444']);
  });

  it("--stir-verstat sends Twilio's caller ID verification with the voice webhook: a failed one gets no text-back", async () => {
    const result = await runCli(
      [
        'simulate',
        'call',
        '--to',
        N.bright,
        '--from',
        '+447911123499',
        '--stir-verstat',
        'TN-Validation-Failed-A',
        '--json',
      ],
      env,
    );

    const output = JSON.parse(result.stdout) as { sms: Array<{ to: string; body: string }> };
    expect(output.sms).toEqual([
      expect.objectContaining({
        to: '+447400333444',
        body: expect.stringContaining('No text-back sent (caller ID failed verification).'),
      }),
    ]);
  });

  it('a text to a business number becomes a job: the owner gets it and the customer an acknowledgement', async () => {
    const result = await runCli(
      ['simulate', 'text', '--to', N.ace, '--from', '447912345678', '--body', 'Boiler is leaking'],
      env,
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Text SM[0-9a-f]{32} from \+447912345678 to \+447476955110\nPOST \/twilio\/sms -> 200\n/,
    );
    expect(result.stdout).toMatch(/\+447476955110 -> \+447400111222: .*Boiler is leaking/s);
    expect(result.stdout).toMatch(/\+447476955110 -> \+447912345678: Thanks for your message to Ace Plumbing/);
  });

  it('a webhook signed for the wrong URL or with the wrong token is rejected: exit 1 with a hint', async () => {
    const wrongUrl = await runCli(
      ['simulate', 'text', '--to', N.ace, '--from', N.customer, '--body', 'hi', '--wait', '0'],
      { PORT: env.PORT },
    );
    const wrongToken = await runCli(
      ['simulate', 'text', '--to', N.ace, '--from', N.customer, '--body', 'hi', '--wait', '0'],
      { ...env, TWILIO_AUTH_TOKEN: 'not-the-token' },
    );

    for (const result of [wrongUrl, wrongToken]) {
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('POST /twilio/sms -> 403');
      expect(result.stdout).toContain(
        'signature rejected: check TWILIO_AUTH_TOKEN or --token-file, and that --public-url is the PUBLIC_BASE_URL the service was started with',
      );
      expect(result.stdout).toContain('SMS sent: none');
    }
  });

  it('the auth token can come from a file (--token-file), which wins over TWILIO_AUTH_TOKEN', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'simulate-token-')), 'token');
    await writeFile(file, `${LOCAL_WEBHOOK_DEFAULTS.authToken}\n`);

    const result = await runCli(
      [
        'simulate',
        'text',
        '--to',
        N.internal,
        '--from',
        N.customer,
        '--body',
        'hello',
        '--wait',
        '0',
        '--token-file',
        file,
      ],
      { ...env, TWILIO_AUTH_TOKEN: 'not-the-token' },
    );

    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('POST /twilio/sms -> 200') });
  });

  it('--token on the command line is refused with what to do instead, and nothing is sent', async () => {
    const result = await runCli(
      [
        'simulate',
        'text',
        '--to',
        N.ace,
        '--from',
        N.customer,
        '--body',
        'hi',
        '--wait',
        '0',
        '--token',
        LOCAL_WEBHOOK_DEFAULTS.authToken,
      ],
      env,
    );

    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: --token is not accepted (argv shows in the shell history and the process list): pass the token with TWILIO_AUTH_TOKEN or --token-file\n',
    });
    expect((await runCli(['simulate', 'call', '--help'], env)).stdout).not.toContain('--token ');
  });

  it('an unreadable or empty --token-file is a usage error', async () => {
    const empty = join(await mkdtemp(join(tmpdir(), 'simulate-token-')), 'empty');
    await writeFile(empty, '\n');

    expect(
      await runCli(
        ['simulate', 'text', '--to', N.ace, '--from', N.customer, '--body', 'hi', '--token-file', `${empty}-missing`],
        env,
      ),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read --token-file') });
    expect(
      await runCli(
        ['simulate', 'text', '--to', N.ace, '--from', N.customer, '--body', 'hi', '--token-file', empty],
        env,
      ),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('is empty') });
  });

  it('--url and --public-url name the service explicitly', async () => {
    const result = await runCli([
      'simulate',
      'text',
      '--to',
      N.internal,
      '--from',
      N.customer,
      '--body',
      'hello',
      '--url',
      service.url,
      '--public-url',
      PUBLIC_BASE_URL,
      '--wait',
      '0',
    ]);

    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('POST /twilio/sms -> 200') });
    expect(result.stdout).toContain('SMS sent: none');
  });

  it('a bad --to or --status is a usage error', async () => {
    expect((await runCli(['simulate', 'call', '--to', 'nope', '--from', N.customer], env)).code).toBe(2);
    expect(
      (await runCli(['simulate', 'call', '--to', N.ace, '--from', N.customer, '--status', 'ringing'], env)).code,
    ).toBe(2);
    expect((await runCli(['simulate', 'text', '--to', N.ace, '--from', N.customer], env)).stderr).toContain(
      "required option '--body <text>' not specified",
    );
  });
});
