import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { InvalidWebhookError } from '../domain/common/errors';
import type { WebhookParams } from '../http/webhook-types';
import type { LogFields, Logger } from '../ports/logger';
import type { FlushableMetrics, Metrics } from '../ports/metrics';
import type { QueuedWebhook } from '../ports/redelivery-queue';
import type { QueuedSend } from '../ports/send-queue';
import { MetricName } from '../metric-names';

/** The use case behind one webhook route, as its handler runs it after the signature check. */
export type WebhookWork = (params: WebhookParams, metrics: Metrics) => Promise<unknown>;

export interface QueueConsumerDeps {
  /** The work of each route whose webhooks this queue holds; a message for any other route is a bug, dead-lettered. */
  works: Record<string, WebhookWork>;
  logger: Logger;
  createMetrics: () => FlushableMetrics;
  /** Sends a text Twilio failed to take (finishQueuedSend); throws to have it retried later. */
  send?: (send: QueuedSend, metrics: Metrics) => Promise<unknown>;
  /** Hides a failed message longer before its next attempt (exponential backoff); best effort. */
  retryLater?: (receiptHandle: string, delaySeconds: number) => Promise<void>;
  /** First retry after this many seconds, doubling per attempt (default 30). */
  baseDelaySeconds?: number;
}

/** Seconds before attempt `receiveCount + 1`: base, 2x base, 4x base... at most 15 minutes. */
export function backoffSeconds(receiveCount: number, baseDelaySeconds: number): number {
  return Math.min(900, baseDelaySeconds * 2 ** Math.max(0, receiveCount - 1));
}

/**
 * The SQS entry point that finishes queued webhooks with the same use case their route runs. Idempotent as the
 * webhook is (claims per CallSid/MessageSid), so an attempt that half-failed is safe to repeat. A failed message is
 * reported back alone (batch item failure) and retried with backoff; after the queue's maxReceiveCount it goes to the
 * dead-letter queue, whose depth pages, and `admin replay` moves it back.
 */
export function createQueueConsumer(deps: QueueConsumerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    const metrics = deps.createMetrics();
    try {
      for (const record of event.Records) {
        if (!(await finish(record, metrics, deps))) failures.push({ itemIdentifier: record.messageId });
      }
    } finally {
      await metrics
        .flush()
        .catch((error: unknown) => deps.logger.error('metrics flush failed', { error: String(error) }));
    }
    return { batchItemFailures: failures };
  };
}

/** One queue message: a queued text or a queued webhook. False: reported back as a batch item failure. */
async function finish(record: SQSRecord, metrics: Metrics, deps: QueueConsumerDeps): Promise<boolean> {
  const attempt = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  let parsed: QueuedWebhook | QueuedSend;
  try {
    parsed = JSON.parse(record.body) as QueuedWebhook | QueuedSend;
  } catch {
    deps.logger.critical('redelivery message is not JSON: dead-lettered', { messageId: record.messageId });
    return false;
  }
  if ('kind' in parsed && parsed.kind === 'send') return finishSend(parsed, { record, attempt, metrics }, deps);
  return finishWebhook(parsed as QueuedWebhook, { record, attempt, metrics }, deps);
}

/** The message being finished, which attempt this is, and the invocation's metrics. */
interface Attempt {
  record: SQSRecord;
  attempt: number;
  metrics: Metrics;
}

async function finishSend(send: QueuedSend, at: Attempt, deps: QueueConsumerDeps): Promise<boolean> {
  const { record, attempt, metrics } = at;
  const fields = { record: send.target?.record, sid: send.target?.sid, field: send.target?.field, attempt };
  if (!deps.send || typeof send.plan !== 'object' || send.plan === null) {
    deps.logger.critical('queued text this queue cannot send: dead-lettered', { messageId: record.messageId });
    return false;
  }
  try {
    await deps.send(send, metrics);
    metrics.count(MetricName.REDELIVERY_FINISHED);
    return true;
  } catch (error) {
    return retryLater(at, deps, 'queued text not sent yet: retried later', {
      ...fields,
      queuedAt: send.queuedAt,
      error: String(error),
    });
  }
}

async function finishWebhook(webhook: QueuedWebhook, at: Attempt, deps: QueueConsumerDeps): Promise<boolean> {
  const { record, attempt, metrics } = at;
  const work = Object.hasOwn(deps.works, webhook.route) ? deps.works[webhook.route] : undefined;
  if (!work || typeof webhook.params !== 'object' || webhook.params === null) {
    deps.logger.critical('redelivery message for another route or without parameters: dead-lettered', {
      messageId: record.messageId,
    });
    return false;
  }
  try {
    await work(webhook.params, metrics);
    metrics.count(MetricName.REDELIVERY_FINISHED);
    deps.logger.info('queued webhook finished', { route: webhook.route, attempt, queuedAt: webhook.receivedAt });
    return true;
  } catch (error) {
    if (error instanceof InvalidWebhookError) {
      // Its parameters were checked before it was queued; one that fails now never will pass.
      deps.logger.critical('queued webhook has invalid parameters: dead-lettered', {
        route: webhook.route,
        detail: error.detail,
      });
      return false;
    }
    return retryLater(at, deps, 'queued webhook failed again: retried later', {
      route: webhook.route,
      attempt,
      error: String(error),
    });
  }
}

/** Counts and logs a failed attempt and hides the message for its backoff; false: reported as a batch item failure. */
async function retryLater(at: Attempt, deps: QueueConsumerDeps, message: string, fields: LogFields): Promise<false> {
  at.metrics.count(MetricName.REDELIVERY_RETRIED);
  const delay = backoffSeconds(at.attempt, deps.baseDelaySeconds ?? 30);
  deps.logger.error(message, { ...fields, delaySeconds: delay });
  await deps
    .retryLater?.(at.record.receiptHandle, delay)
    .catch((retryError: unknown) =>
      deps.logger.warn('could not delay the retry: the queue timeout applies', { error: String(retryError) }),
    );
  return false;
}
