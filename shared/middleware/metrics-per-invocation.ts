import type { MiddlewareObj } from '@middy/core';
import type { FlushableMetrics } from '../ports/metrics';
import type { WebhookContext } from '../http/webhook-types';
import type { Logger } from '../ports/logger';

/** Gives each invocation its own metrics and flushes them on success and on error; a failed flush never fails the webhook. */
export function metricsPerInvocation(
  createMetrics: () => FlushableMetrics,
  logger: Logger,
): MiddlewareObj<unknown, unknown, Error, WebhookContext> {
  const flush = async (request: { context: WebhookContext }) => {
    try {
      await request.context.metrics?.flush();
    } catch (error) {
      logger.error('metrics flush failed', { error: String(error) });
    }
  };
  return {
    before: async (request) => {
      request.context.metrics = createMetrics();
    },
    after: flush,
    onError: flush,
  };
}
