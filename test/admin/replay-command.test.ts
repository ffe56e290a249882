import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { ADMIN_SEED, runCli } from './support/admin-target';

describe('admin replay and the local redelivery queue', () => {
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
    env = { PORT: new URL(service.url).port };
  });
  afterAll(async () => service.close());

  it("GET /local/queue shows each route's waiting and dead-lettered webhooks", async () => {
    const response = await fetch(`${service.url}/local/queue`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      '/twilio/status': { pending: [], deadLetters: [] },
      '/twilio/sms': { pending: [], deadLetters: [] },
    });
  });

  it('replay against the local service says when there is nothing to replay', async () => {
    const result = await runCli(['replay'], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No dead letters to replay\n');
  });

  it('replay --json prints how many webhooks it moved back', async () => {
    const result = await runCli(['replay', '--json'], env);

    expect(JSON.parse(result.stdout)).toEqual({ replayed: 0 });
  });

  it('replay without a running local service fails clearly, with exit 1', async () => {
    const result = await runCli(['replay', '--url', 'http://127.0.0.1:9'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach the local service at http://127.0.0.1:9');
  });
});
