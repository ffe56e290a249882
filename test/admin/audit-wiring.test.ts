import { createAuditHandler } from '../../functions/audit/create-handler';
import { AUDIT_SETTINGS, wireAudit } from '../../functions/audit/wiring';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { loadConfig } from '../../shared/config';
import { MetricName } from '../../shared/metric-names';
import { RecordingLogger, RecordingMetrics } from '../support/recording-ports';
import { startAdminTarget, type AdminTarget } from './support/admin-target';

/** The audit's own environment: no ACTIVITY_TABLE, since it reads the directory alone. */
const AUDIT_ENV = {
  DIRECTORY_TABLE: 'Directory',
  ONBOARDING_NUMBER: '447476955179',
  METRICS_NAMESPACE: 'MissedCallTextBack/test',
};

describe("the scheduled audit's wiring", () => {
  let target: AdminTarget;
  let tablesRead: string[];
  let metrics: RecordingMetrics;
  let audit: ReturnType<typeof createAuditHandler>;

  beforeEach(async () => {
    target = await startAdminTarget();
    tablesRead = [];
    metrics = new RecordingMetrics();
    const db = createDocumentClient({ endpoint: target.endpoint });
    db.middlewareStack.add(
      (next) => async (args) => {
        tablesRead.push(String((args.input as { TableName?: string }).TableName));
        return next(args);
      },
      { step: 'initialize', name: 'recordTables' },
    );
    const config = loadConfig(AUDIT_SETTINGS, { ...AUDIT_ENV, DYNAMODB_ENDPOINT: target.endpoint });
    audit = createAuditHandler({
      ...wireAudit(config, { service: 'audit', db, logger: new RecordingLogger() }),
      createMetrics: () => metrics,
    });
  });
  afterEach(async () => target.close());

  it('needs no activity table: its configuration loads without ACTIVITY_TABLE', () => {
    expect(AUDIT_SETTINGS).not.toContain('activity');
    expect(() => loadConfig(AUDIT_SETTINGS, AUDIT_ENV)).not.toThrow();
  });

  it('reads the directory table and nothing else', async () => {
    await audit();

    expect(new Set(tablesRead)).toEqual(new Set(['Directory']));
  });

  it('still finds a breach in the directory it reads', async () => {
    await target.putDirectoryItem({ pk: '+447476955202', sk: 'NUMBER', role: 'OPERATIONAL', clientId: 'c-gone' });

    expect((await audit()).breaches).toBeGreaterThan(0);
    expect(metrics.counts[MetricName.AUDIT_BREACHES]).toBeGreaterThan(0);
  });
});
