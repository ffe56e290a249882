import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formBody, twilioSignature, type TwilioParams } from '../support/twilio-request';
import { sid } from '../support/sid';

const ROOT = resolve(__dirname, '../..');
const TOKEN = 'e2e-token';

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  baseUrl: string;
}

/** Starts the service the way the README says (`npm start` runs `tsx local/main.ts`), on free ports. */
async function startService(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 20000);
    const check = () => {
      const match = /voice webhook:\s+(http:\/\/localhost:\d+)\/twilio\/voice/.exec(output);
      if (match && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolveUrl(match[1] as string);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, baseUrl };
}

async function post(baseUrl: string, route: string, params: TwilioParams): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}/twilio/${route}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(TOKEN, `${baseUrl}/twilio/${route}`, params),
    },
    body: formBody(params),
  });
  return { status: response.status, body: await response.text() };
}

describe('the local service, started as a user starts it', () => {
  let service: Running;
  beforeAll(async () => {
    service = await startService({ TWILIO_AUTH_TOKEN: TOKEN });
  }, 30000);
  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('prints the three webhook URLs and the token', () => {
    expect(service.output()).toContain(`${service.baseUrl}/twilio/status`);
    expect(service.output()).toContain(`${service.baseUrl}/twilio/sms`);
    expect(service.output()).toContain(`auth token:     ${TOKEN}`);
  });

  it('listens on 127.0.0.1 only by default, and says so; curl http://localhost:PORT/health works', () => {
    const port = new URL(service.baseUrl).port;

    expect(service.output()).toContain(
      `listening on:   127.0.0.1:${port} (this machine only; HOST=0.0.0.0 to open it to the network)`,
    );
    expect(execFileSync('curl', ['-s', '--max-time', '5', `${service.baseUrl}/health`], { encoding: 'utf8' })).toBe(
      '{"status":"ok"}',
    );
  });

  it('answers /health', async () => {
    const response = await fetch(`${service.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('a missed call to a demo business number is answered, texted back and the owner told, visible in /local/outbox', async () => {
    const call = {
      CallSid: sid('CA', 'e2e1'),
      To: '+447476955110',
      From: '+447911123456',
      Direction: 'inbound',
      CallStatus: 'ringing',
    };

    const voice = await post(service.baseUrl, 'voice', call);
    const status = await post(service.baseUrl, 'status', { ...call, CallStatus: 'no-answer' });

    expect(voice.status).toBe(200);
    expect(voice.body).toContain('Thanks for calling Ace Plumbing.');
    expect(status.status).toBe(200);
    const outbox = (await (await fetch(`${service.baseUrl}/local/outbox`)).json()) as Array<Record<string, string>>;
    expect(outbox).toEqual([
      {
        sid: expect.any(String),
        to: '+447911123456',
        from: '+447476955110',
        body: expect.stringContaining('Ace Plumbing'),
      },
      {
        sid: expect.any(String),
        to: '+447400111222',
        from: '+447476955110',
        body: expect.stringContaining('Missed call to Ace Plumbing'),
      },
    ]);
  });

  it('a call to the onboarding number is refused and shows up in /local/metrics', async () => {
    const voice = await post(service.baseUrl, 'voice', {
      CallSid: sid('CA', 'e2e2'),
      To: '+447476955179',
      From: '+447911123456',
    });

    expect(voice.body).toContain('This number is for text messages only.');
    const { counters } = (await (await fetch(`${service.baseUrl}/local/metrics`)).json()) as {
      counters: Record<string, number>;
    };
    expect(counters['voice.invariant_violation.onboarding_number']).toBe(1);
    expect(counters['voice.operational.answered']).toBe(1);
  });

  it('a new owner signs up by text and gets a number from the pool, as a user would drive it', async () => {
    const owner = '+447922334455';
    const say = (messageSid: string, body: string) =>
      post(service.baseUrl, 'sms', {
        MessageSid: messageSid,
        To: '+447476955179',
        From: owner,
        Body: body,
        NumMedia: '0',
      });
    const repliesToOwner = async () =>
      ((await (await fetch(`${service.baseUrl}/local/outbox`)).json()) as Array<Record<string, string>>)
        .filter((sms) => sms.to === owner)
        .map((sms) => sms.body);

    for (const [messageSid, body] of [
      [sid('SM', 'o1'), 'Hi'],
      [sid('SM', 'o2'), 'Dave Builds'],
      [sid('SM', 'o3'), 'YES'],
      [sid('SM', 'o4'), 'YES'],
    ] as const) {
      expect((await say(messageSid, body)).status).toBe(200);
    }

    const replies = await repliesToOwner();
    expect(replies).toHaveLength(4);
    expect(replies[3]).toContain('Dave Builds is set up! Your missed-call number is +447476955130.');
    expect(replies[3]).toContain('**61*+447476955130#');
    const call = await post(service.baseUrl, 'voice', {
      CallSid: sid('CA', 'e2e3'),
      To: '+447476955130',
      From: '+447911123456',
    });
    expect(call.body).toContain('Thanks for calling Dave Builds.');
  });

  it('a customer who texts STOP gets nothing more from that business', async () => {
    const customer = '+447912345678';
    await post(service.baseUrl, 'sms', {
      MessageSid: sid('SM', 's1'),
      To: '+447476955120',
      From: customer,
      Body: 'STOP',
      NumMedia: '0',
    });
    await post(service.baseUrl, 'status', {
      CallSid: sid('CA', 'e2e4'),
      To: '+447476955120',
      From: customer,
      CallStatus: 'no-answer',
      Direction: 'inbound',
    });

    const outbox = (await (await fetch(`${service.baseUrl}/local/outbox`)).json()) as Array<Record<string, string>>;
    expect(outbox.filter((sms) => sms.to === customer)).toEqual([]);
    expect(outbox.filter((sms) => sms.to === '+447400333444').at(-1)?.body).toContain(
      'No text-back sent (caller opted out)',
    );
  });

  it('an unsigned request is refused with 403', async () => {
    const response = await fetch(`${service.baseUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({ MessageSid: sid('SM', 'x'), To: '+447476955110', From: '+447911123456', Body: 'hi' }),
    });
    expect(response.status).toBe(403);
  });

  it('an oversized body is refused with 413', async () => {
    const response = await fetch(`${service.baseUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `Body=${'x'.repeat(200 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolveExit) => service.child.once('exit', resolveExit));
    service.child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('starting with a bad seed file', () => {
  it('stops start-up with a message naming the bad entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seed-'));
    const seedFile = join(dir, 'bad-seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({
        numbers: [{ phone: '+447476955110', role: 'OPERATIONAL' }, { phone: '+447476955111' }],
        clients: [],
        onboardingNumber: '447476955179',
      }),
    );

    await expect(startService({ SEED_FILE: seedFile })).rejects.toThrow(
      /exited with 1[\s\S]*numbers\[1\] \(\+447476955111\): role must be one of/,
    );
  }, 30000);
});
