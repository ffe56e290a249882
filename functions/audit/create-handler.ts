import type { FlushableMetrics } from '../../shared/ports/metrics';
import { scheduledJob } from '../../shared/middleware/invocation-log-context';
import type { DirectorySnapshot } from '../../shared/domain/admin/admin-records';
import { auditDirectory, type AuditReport } from '../../shared/domain/admin/audit-directory';
import { maskPhoneNumber, type E164 } from '../../shared/domain/numbers/phone-number';
import type { Logger } from '../../shared/ports/logger';
import { MetricName } from '../../shared/metric-names';

export interface AuditDependencies {
  readSnapshot: () => Promise<DirectorySnapshot>;
  onboardingNumber: E164;
  logger: Logger;
  createMetrics: () => FlushableMetrics;
}

export interface AuditResult {
  breaches: number;
  counts: AuditReport['counts'];
}

/**
 * The scheduled audit: the same checks as `npm run admin -- audit`, over the deployed tables.
 * Emits `audit.breaches` on every run, 0 included, so its alarm also notices a run that never happened.
 */
export function createAuditHandler(deps: AuditDependencies) {
  const run = async (): Promise<AuditResult> => {
    const metrics = deps.createMetrics();
    try {
      const report = auditDirectory(await deps.readSnapshot(), deps.onboardingNumber);
      for (const breach of report.breaches) {
        // The breach text holds full numbers: logs get the kind, a masked number and the client id only.
        deps.logger.critical('audit breach', {
          kind: breach.kind,
          phone: breach.phone ? maskPhoneNumber(breach.phone) : undefined,
          clientId: breach.clientId,
        });
      }
      metrics.count(MetricName.AUDIT_BREACHES, report.breaches.length);
      deps.logger.info('audit finished', { breaches: report.breaches.length, ...report.counts });
      return { breaches: report.breaches.length, counts: report.counts };
    } catch (error) {
      deps.logger.error('audit failed', { error: error instanceof Error ? error.name : 'unknown' });
      throw error;
    } finally {
      try {
        await metrics.flush();
      } catch (error) {
        deps.logger.error('metrics flush failed', { error: String(error) });
      }
    }
  };
  return scheduledJob(deps.logger, run);
}
