import { scheduledJob } from '../../shared/middleware/invocation-log-context';
import { serveWaitingList } from '../../shared/domain/signup/serve-waiting-list';
import type { WaitingListWiring } from './wiring';

/** Scheduled: gives owners on the waiting list their numbers once the pool has some again. */
export function createWaitingListHandler(wiring: WaitingListWiring) {
  const run = async (): Promise<{ assigned: number; stillWaiting: number }> => {
    const metrics = wiring.createMetrics();
    try {
      const result = await serveWaitingList({ ...wiring.serve, metrics });
      // A run that assigns nothing stays silent.
      if (result.assigned > 0) wiring.logger.info('waiting list served', result);
      return result;
    } finally {
      await metrics
        .flush()
        .catch((error: unknown) => wiring.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
  return scheduledJob(wiring.logger, run);
}
