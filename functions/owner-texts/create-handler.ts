import { sendOwnerTexts, type OwnerTextsRunResult } from '../../shared/domain/after-job/send-owner-texts';
import { scheduledJob } from '../../shared/middleware/invocation-log-context';
import type { OwnerTextsWiring } from './wiring';

/** Scheduled (every 15 minutes): sends the review requests and Monday digests that are due (issue 19). */
export function createOwnerTextsHandler(wiring: OwnerTextsWiring) {
  const run = async (): Promise<OwnerTextsRunResult> => {
    const metrics = wiring.createMetrics();
    try {
      const result = await sendOwnerTexts({ ...wiring.ports, metrics });
      // A run with nothing due stays silent.
      if (Object.values(result).some((count) => count > 0)) wiring.logger.info('owner texts run', result);
      return result;
    } finally {
      await metrics
        .flush()
        .catch((error: unknown) => wiring.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
  return scheduledJob(wiring.logger, run);
}
