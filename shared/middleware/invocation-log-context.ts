import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Logger } from '../ports/logger';

/**
 * Every log line of an invocation carries its Lambda request id and whether it is the container's cold start.
 * Use it first in the chain, so the lines of every other middleware (metrics flush, error mapping) carry them too.
 * One instance per handler: a container builds its handler once, so the first invocation it serves is the cold one.
 */
export function invocationLogContext(logger: Logger): MiddlewareObj<unknown, unknown, Error, Context> {
  let coldStart = true;
  const clear = async () => {
    logger.clearInvocation?.();
  };
  return {
    before: async (request) => {
      // A scheduled job run by hand (locally, in a test) has no Lambda context: its lines say so.
      logger.setInvocation?.({ requestId: request.context?.awsRequestId ?? 'none', coldStart });
      coldStart = false;
    },
    after: clear,
    onError: clear,
  };
}

/** A scheduled job's entry point: EventBridge passes an event and a context; a run by hand passes neither. */
export type ScheduledJobHandler<R> = (event?: unknown, context?: Context) => Promise<R>;

/** A scheduled job with the same log context as the webhooks. */
export function scheduledJob<R>(logger: Logger, run: () => Promise<R>): ScheduledJobHandler<R> {
  const handler = middy(run).use(invocationLogContext(logger));
  return (event, context) => handler(event, context as Context);
}

/** A function another invokes directly (Lambda Invoke): the payload is its event; the same log context. */
export function invokedFunction<R>(
  logger: Logger,
  run: (payload: unknown) => Promise<R>,
): (payload: unknown, context?: Context) => Promise<R> {
  const handler = middy(run).use(invocationLogContext(logger));
  return (payload, context) => handler(payload, context as Context);
}
