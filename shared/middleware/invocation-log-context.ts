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
      logger.setInvocation?.({ requestId: request.context.awsRequestId, coldStart });
      coldStart = false;
    },
    after: clear,
    onError: clear,
  };
}
