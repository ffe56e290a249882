import type { WebhookDependencies } from '../../shared/dependencies';
import { serveWaitingList } from '../../shared/domain/sign-up-owner';

/** Scheduled: gives owners on the waiting list their numbers once the pool has some again. */
export function createWaitingListHandler(deps: WebhookDependencies) {
  return async (): Promise<{ assigned: number; stillWaiting: number }> => {
    const metrics = deps.createMetrics();
    try {
      const result = await serveWaitingList({ ...deps, metrics });
      if (result.assigned > 0) deps.logger.info('waiting list served', result); // a run that assigns nothing stays silent
      return result;
    } finally {
      await metrics.flush().catch((error: unknown) => deps.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
}
