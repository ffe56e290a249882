import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SEED_FILE } from '../../admin/admin-target';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { loadSeedFile } from '../../local/seed';
import { runCli } from '../admin/support/admin-target';

/** The CRM block of docs/admin.md ("Tried locally"), its lines in order, on this service's port. */
function crmWalkthrough(port: string): string[] {
  const doc = readFileSync(resolve(__dirname, '../../docs/admin.md'), 'utf8');
  const block = /```sh\n(npm run admin -- clients set-webhook c1 [\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/admin.md has no CRM walkthrough block');
  return block
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => line.replaceAll('localhost:3000', `localhost:${port}`));
}

interface Received {
  type: string;
  clientId: string;
  verified: boolean;
  eventId: string;
}

/** Issue 19 §5: what a newcomer runs (set-webhook, a text, a call) shows signed, verified events at /local/crm. */
describe('the local CRM receiver of npm start', () => {
  let service: LocalService;
  let env: Record<string, string>;
  beforeAll(async () => {
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: LOCAL_WEBHOOK_DEFAULTS.authToken,
      accountSid: LOCAL_WEBHOOK_DEFAULTS.accountSid,
      seed: await loadSeedFile(DEFAULT_SEED_FILE),
      logWriter: () => undefined,
      redeliveryIntervalMs: 60_000,
    });
    env = { PORT: new URL(service.url).port, DYNAMODB_PORT: String(service.dynamo.port) };
  });
  afterAll(async () => service.close());

  const listed = async () =>
    ((await (await fetch(`${service.url}/local/crm`)).json()) as { received: Received[] }).received;

  it('runs the docs lines: the text and the call arrive as job.opened and call.missed of c1, each signature verified', async () => {
    const lines = crmWalkthrough(env.PORT as string);
    expect(lines.at(-1)).toContain('set-webhook c1 off');
    for (const line of lines.slice(0, -1)) {
      if (line.startsWith('curl ')) {
        await service.drainQueues();
        const received = await listed();
        expect(received.map((event) => [event.type, event.clientId, event.verified])).toEqual([
          ['job.opened', 'c1', true],
          ['call.missed', 'c1', true],
        ]);
        continue;
      }
      const argv = [...line.slice('npm run admin -- '.length).matchAll(/"([^"]*)"|(\S+)/g)].map(
        (m) => m[1] ?? m[2] ?? '',
      );
      expect(await runCli(argv, env)).toMatchObject({ code: 0 });
    }
  });

  it('a POST with a forged signature is listed as not verified, and off stops the events', async () => {
    const forged = await fetch(`${service.url}/local/crm`, {
      method: 'POST',
      body: JSON.stringify({ id: 'evt_x', type: 'job.closed', clientId: 'c1' }),
      headers: { 'x-mct-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(200);
    expect((await listed()).at(-1)).toMatchObject({ type: 'job.closed', verified: false });

    expect(await runCli(['clients', 'set-webhook', 'c1', 'off'], env)).toMatchObject({ code: 0 });
    const before = (await listed()).length;
    await runCli(['simulate', 'text', '--to', '+447476955110', '--from', '+447911123482', '--body', 'Hello'], env);
    await service.drainQueues();
    expect(await listed()).toHaveLength(before);
  });
});
