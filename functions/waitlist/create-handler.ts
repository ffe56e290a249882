import { serveWaitingList } from '../../shared/domain/signup/serve-waiting-list';
import type { WaitingListWiring } from './wiring';

/** Scheduled: gives owners on the waiting list their numbers once the pool has some again. */
export function createWaitingListHandler(wiring: WaitingListWiring) {
  return async (): Promise<{ assigned: number; stillWaiting: number }> => {
    const metrics = wiring.createMetrics();
    try {
      const result = await serveWaitingList({ ...wiring.serve, metrics });
      wiring.logger.info('waiting list served', result);
      return result;
    } finally {
      await metrics.flush().catch((error: unknown) => wiring.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
}
