import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { parseSeed } from '../../local/seed';
import { ADMIN_NUMBERS as N, ADMIN_SEED, runCli } from './support/admin-target';

const PUBLIC_BASE_URL = 'https://hooks.example.test/prod';
const RING_ADMIN_SEED = parseSeed({
  ...ADMIN_SEED,
  clients: ADMIN_SEED.clients.map((client) =>
    client.id === 'c1'
      ? { ...client, callMode: 'ring', hours: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/London' }
      : client,
  ),
});
const OPEN = '2026-07-13T09:00:00Z';
const CLOSED = '2026-07-11T10:00:00Z';

interface Output {
  answers: Array<{ route: string; status: number; body: string }>;
  sms: Array<{ to: string; body: string }>;
}

describe('admin simulate call plays ring mode and voicemail, following our TwiML', () => {
  let service: LocalService;
  let env: Record<string, string>;
  let caller = 0;
  beforeAll(async () => {
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: LOCAL_WEBHOOK_DEFAULTS.authToken,
      accountSid: LOCAL_WEBHOOK_DEFAULTS.accountSid,
      seed: RING_ADMIN_SEED,
      logWriter: () => undefined,
    });
    env = { PORT: new URL(service.url).port, PUBLIC_BASE_URL, DYNAMODB_PORT: new URL(service.dynamodbEndpoint).port };
  });
  afterAll(async () => service.close());

  async function simulate(...args: string[]): Promise<Output & { from: string }> {
    caller += 1;
    const from = `+4479111000${String(caller).padStart(2, '0')}`;
    const result = await runCli(['simulate', 'call', '--to', N.ace, '--from', from, '--json', ...args], env);
    expect(result.code).toBe(0);
    return { ...(JSON.parse(result.stdout) as Output), from };
  }

  it('--owner answers: the owner is rung, screened, presses 1 and is connected; nothing is texted', async () => {
    const output = await simulate('--owner', 'answers', '--at', OPEN);

    expect(output.answers.map((answer) => answer.route)).toEqual([
      '/twilio/voice',
      '/twilio/voice/screen',
      '/twilio/voice/screen-result',
      '/twilio/voice/dial-action',
      '/twilio/status',
    ]);
    expect(output.sms).toEqual([]);
  });

  it.each([['declines'], ['no-answer'], ['voicemail']])(
    '--owner %s with --voicemail: the caller leaves a message; one text-back, one alert and one voicemail text',
    async (owner) => {
      const output = await simulate('--owner', owner, '--voicemail', 'My tap is dripping', '--at', OPEN);

      // The voicemail's callbacks go to the URLs our <Record> named, each ending in the call's token (issue 17).
      expect(output.answers.map((answer) => answer.route)).toContainEqual(
        expect.stringMatching(/^\/twilio\/status\/transcription\/\d+\.[\w-]+\.[\w-]{32}$/),
      );
      expect(output.sms.map((sms) => [sms.to, sms.body.split('\n')[0]])).toEqual([
        [output.from, expect.stringContaining('Sorry we missed your call at Ace Plumbing.')],
        ['+447400111222', expect.stringMatching(/^Missed call to Ace Plumbing/)],
        [
          '+447400111222',
          expect.stringMatching(new RegExp(`^#\\d+ Voicemail from \\${output.from}: My tap is dripping$`)),
        ],
      ]);
    },
  );

  it('--at outside opening hours: nobody is rung, the greeting and the text-back say when it opens', async () => {
    const output = await simulate('--owner', 'answers', '--at', CLOSED);

    expect(output.answers[0]?.body).toContain("We're closed right now and open again on Monday at 08:00.");
    expect(output.answers.map((answer) => answer.route)).toEqual(['/twilio/voice', '/twilio/status']);
    expect(output.sms[0]?.body).toContain('open again on Monday at 08:00');
  });

  it("the voicemail is on the caller's job, and admin jobs show prints its recording", async () => {
    const output = await simulate('--owner', 'no-answer', '--voicemail', 'Please call me about the roof', '--at', OPEN);
    const ref = /^#(\d+) Voicemail/.exec(output.sms.at(-1)?.body ?? '')?.[1] as string;

    const shown = await runCli(['jobs', 'show', '--client', 'c1', ref], env);

    expect(shown.stdout).toContain(`#${ref} ${output.from} (OPEN)`);
    expect(shown.stdout).toMatch(
      /customer \(voicemail\): Voicemail: Please call me about the roof\n {4}recording: https:\/\/api\.twilio\.com\/.+\/Recordings\/RE[0-9a-f]{32}\n/,
    );
  });

  it('admin clients set-call-mode switches a business to ring', async () => {
    const result = await runCli(['clients', 'set-call-mode', 'c2', 'ring'], env);

    expect(result.stdout).toContain(
      "c2 (Bright Sparks Electrical): calls to +447476955120 now ring the owner's phone first",
    );
    const call = await runCli(
      ['simulate', 'call', '--to', N.bright, '--from', '+447911100999', '--owner', 'answers', '--json'],
      env,
    );
    expect((JSON.parse(call.stdout) as Output).answers.map((answer) => answer.route)).toContain('/twilio/voice/screen');
  });
});
