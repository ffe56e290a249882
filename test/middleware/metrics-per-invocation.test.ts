import middy from '@middy/core';
import type { WebhookContext } from '../../shared/http/webhook-types';
import { MetricName } from '../../shared/metric-names';
import { metricsPerInvocation } from '../../shared/middleware/metrics-per-invocation';
import { lambdaContext, RecordingLogger, RecordingMetrics } from '../support/recording-ports';

describe('the metrics per invocation middleware, alone', () => {
  let logger: RecordingLogger;
  let created: RecordingMetrics[];
  let failFlush: Error | undefined;
  const createMetrics = () => {
    const metrics = new RecordingMetrics(failFlush ? { failFlush } : {});
    created.push(metrics);
    return metrics;
  };

  /** A handler that counts one call answered and then does what `body` says, behind metricsPerInvocation only. */
  function handlerThat(body: () => Promise<string>) {
    return middy<unknown, string, Error, WebhookContext>(async (_event: unknown, context: WebhookContext) => {
      context.metrics.count(MetricName.SIGNATURE_REJECTED);
      return body();
    }).use(metricsPerInvocation(createMetrics, logger));
  }

  beforeEach(() => {
    logger = new RecordingLogger();
    created = [];
    failFlush = undefined;
  });

  it('gives the handler fresh metrics and flushes them once after a successful invocation', async () => {
    const result = await handlerThat(async () => 'ok')({}, lambdaContext() as WebhookContext);

    expect(result).toBe('ok');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ counts: { [MetricName.SIGNATURE_REJECTED]: 1 }, flushes: 1 });
  });

  it('flushes what was counted before the handler failed, and lets the failure through', async () => {
    const handler = handlerThat(async () => {
      throw new Error('boom');
    });

    await expect(handler({}, lambdaContext() as WebhookContext)).rejects.toThrow('boom');
    expect(created[0]).toMatchObject({ counts: { [MetricName.SIGNATURE_REJECTED]: 1 }, flushes: 1 });
  });

  it('gives every invocation its own metrics, so nothing counted in one is flushed again with the next', async () => {
    const handler = handlerThat(async () => 'ok');

    await handler({}, lambdaContext('req-1') as WebhookContext);
    await handler({}, lambdaContext('req-2') as WebhookContext);

    expect(created.map((metrics) => ({ counts: metrics.counts, flushes: metrics.flushes }))).toEqual([
      { counts: { [MetricName.SIGNATURE_REJECTED]: 1 }, flushes: 1 },
      { counts: { [MetricName.SIGNATURE_REJECTED]: 1 }, flushes: 1 },
    ]);
  });

  it('never fails a successful request because the flush failed: the answer still goes back', async () => {
    failFlush = new Error('stdout closed');

    expect(await handlerThat(async () => 'ok')({}, lambdaContext() as WebhookContext)).toBe('ok');
  });

  it('logs a failed flush at ERROR', async () => {
    failFlush = new Error('stdout closed');

    await handlerThat(async () => 'ok')({}, lambdaContext() as WebhookContext);

    expect(logger.entries).toEqual([
      { level: 'error', message: 'metrics flush failed', fields: { error: 'Error: stdout closed' } },
    ]);
  });

  it("keeps the handler's own error, not the flush's, when both fail", async () => {
    failFlush = new Error('stdout closed');
    const handler = handlerThat(async () => {
      throw new Error('boom');
    });

    await expect(handler({}, lambdaContext() as WebhookContext)).rejects.toThrow('boom');
  });

  it('flushes after the error mapping answered, so what the error mapping counts is flushed too', async () => {
    // middy runs onError handlers in reverse order of `use`: used first, metricsPerInvocation flushes last.
    const handler = middy<unknown, string, Error, WebhookContext>(async () => {
      throw new Error('boom');
    })
      .use(metricsPerInvocation(createMetrics, logger))
      .use({
        onError: async (request) => {
          request.context.metrics.count(MetricName.UNHANDLED_ERROR);
          request.response = 'answered';
        },
      });

    expect(await handler({}, lambdaContext() as WebhookContext)).toBe('answered');
    expect(created[0]).toMatchObject({ counts: { [MetricName.UNHANDLED_ERROR]: 1 }, flushes: 1 });
  });
});
