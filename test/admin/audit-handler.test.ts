import { createAuditHandler } from '../../functions/audit/create-handler';
import { metricsInEmfLine } from '../../local/metric-counters';
import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { createEmfMetrics } from '../../shared/adapters/metrics/emf-metrics';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { ADMIN_NUMBERS as N, startAdminTarget, type AdminTarget } from './support/admin-target';

describe('the scheduled audit function', () => {
  let target: AdminTarget;
  let emfLines: string[];
  let logs: Array<Record<string, unknown>>;
  let audit: ReturnType<typeof createAuditHandler>;
  beforeEach(async () => {
    target = await startAdminTarget();
    emfLines = [];
    logs = [];
    const admin = new DynamoNumberAdmin(target.db, { directoryTable: 'Directory', activityTable: 'Activity' });
    audit = createAuditHandler({
      readSnapshot: () => admin.readSnapshot(),
      onboardingNumber: N.onboarding as E164,
      logger: new JsonLogger('audit', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
      createMetrics: () => createEmfMetrics('MissedCallTextBack/test', (line) => emfLines.push(line)),
    });
  });
  afterEach(async () => target.close());

  it('emits audit.breaches = 0 when every invariant holds, so the alarm sees that it ran', async () => {
    const result = await audit();

    expect(result.breaches).toBe(0);
    expect(emfLines.map(metricsInEmfLine)).toEqual([{ 'audit.breaches': 0 }]);
  });

  it('counts every breach in audit.breaches and logs each one with the number masked', async () => {
    await target.putDirectoryItem({ pk: '+447476955201', sk: 'NUMBER' });
    await target.putDirectoryItem({ pk: '+447476955202', sk: 'NUMBER', role: 'OPERATIONAL', clientId: 'c-gone' });

    const result = await audit();

    expect(result.breaches).toBe(2);
    expect(emfLines.map(metricsInEmfLine)).toEqual([{ 'audit.breaches': 2 }]);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'CRITICAL', message: 'audit breach', kind: 'invalid-role', phone: '***5201' }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'CRITICAL',
        kind: 'operational-client-missing',
        phone: '***5202',
        clientId: 'c-gone',
      }),
    );
    expect(JSON.stringify(logs)).not.toContain('447476955202');
  });

  it('a failed read is logged and thrown, so the function errors and its own alarm fires', async () => {
    await target.close();

    await expect(audit()).rejects.toThrow();
    expect(logs).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'audit failed' }));
    target = await startAdminTarget();
  });

  it('the deployed handler reads its configuration from the environment and audits the configured tables', async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const env = {
      DIRECTORY_TABLE: 'Directory',
      ACTIVITY_TABLE: 'Activity',
      ONBOARDING_NUMBER: '447476955179',
      METRICS_NAMESPACE: 'MissedCallTextBack/test',
      DYNAMODB_ENDPOINT: target.endpoint,
      PUBLIC_BASE_URL: 'https://hooks.example.test',
      TWILIO_SECRET_ID: 'unused-by-the-audit',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      let deployed: { handler: () => Promise<{ breaches: number }> } | undefined;
      jest.isolateModules(() => {
        deployed = require('../../functions/audit/handler') as typeof deployed;
      });

      expect(await deployed?.handler()).toMatchObject({ breaches: 0 });
    } finally {
      process.env = saved;
      write.mockRestore();
    }
    expect(written.filter((line) => line.includes('"_aws"')).map((line) => metricsInEmfLine(line))).toEqual([
      { 'audit.breaches': 0 },
    ]);
  });
});
