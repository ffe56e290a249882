import type { MiddlewareObj } from '@middy/core';
import { RetryableWebhookError } from '../domain/common/errors';
import type { WebhookContext, WebhookEvent, WebhookParams, WebhookResult } from '../http/webhook-types';
import type { Logger } from '../ports/logger';
import type { RedeliveryQueue } from '../ports/redelivery-queue';
import { MetricName } from '../metric-names';

export interface DurableRedeliveryOptions {
  route: string;
  queue: RedeliveryQueue;
  logger: Logger;
  /** The answer Twilio gets once the webhook is queued: it must not deliver it again. */
  queuedAnswer: () => WebhookResult;
  now?: () => Date;
}

/**
 * A webhook that failed where finishing it later is safe (RetryableWebhookError: nothing sent yet, or sends guarded by
 * the CallSid/MessageSid) is put on the redelivery queue and answered 200: Twilio does not redeliver a 5xx on a status
 * callback or an SMS webhook, so we never ask it to. Only if the queue itself cannot be reached does the error go on to
 * the error mapper (503). Use it after `safeErrors` in the chain: middy runs error handlers last-added first.
 */
export function durableRedelivery(
  options: DurableRedeliveryOptions,
): MiddlewareObj<WebhookEvent, WebhookResult, Error, WebhookContext> {
  const now = options.now ?? (() => new Date());
  return {
    onError: async (request) => {
      if (!(request.error instanceof RetryableWebhookError)) return undefined;
      const params =
        typeof request.event.body === 'object' && request.event.body !== null
          ? (request.event.body as WebhookParams)
          : {};
      const sid = request.error.sid;
      try {
        await options.queue.enqueue({ route: options.route, params, receivedAt: now().toISOString() });
      } catch (error) {
        request.context.metrics?.count(MetricName.WEBHOOK_QUEUE_FAILED);
        options.logger.critical('redelivery queue unreachable: answered 503, and Twilio may not deliver it again', {
          sid,
          error: String(error),
        });
        return undefined;
      }
      request.context.metrics?.count(MetricName.WEBHOOK_QUEUED);
      options.logger.warn('webhook could not finish now: queued to be finished later', { sid, route: options.route });
      // Set, not returned: returning would end the error chain before the metrics are flushed.
      request.response = options.queuedAnswer();
      return undefined;
    },
  };
}
