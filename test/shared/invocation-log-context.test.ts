import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { maskPhoneNumber, type E164 } from '../../shared/domain/numbers/phone-number';
import { invocationLogContext } from '../../shared/middleware/invocation-log-context';

function lambdaContext(awsRequestId: string): Context {
  return { awsRequestId, functionName: 'test', getRemainingTimeInMillis: () => 15000 } as Context;
}

/** The JSON lines the logger writes to stdout, as CloudWatch Logs receives them. */
function captureStdout(): { lines: () => Array<Record<string, unknown>>; restore: () => void } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

describe('the invocation log context middleware', () => {
  let stdout: ReturnType<typeof captureStdout>;
  beforeEach(() => {
    stdout = captureStdout();
  });
  afterEach(() => stdout.restore());

  it('puts the request id and cold start on every line of an invocation: cold on the first, warm after', async () => {
    const logger = new JsonLogger('voice');
    const handler = middy(async () => {
      logger.info('call answered');
      logger.warn('slow lookup');
      return 'ok';
    }).use(invocationLogContext(logger));

    await handler({}, lambdaContext('req-1'));
    await handler({}, lambdaContext('req-2'));

    expect(stdout.lines().map(({ message, requestId, coldStart }) => ({ message, requestId, coldStart }))).toEqual([
      { message: 'call answered', requestId: 'req-1', coldStart: true },
      { message: 'slow lookup', requestId: 'req-1', coldStart: true },
      { message: 'call answered', requestId: 'req-2', coldStart: false },
      { message: 'slow lookup', requestId: 'req-2', coldStart: false },
    ]);
  });

  it('keeps the request id on the lines written while an error is handled', async () => {
    const logger = new JsonLogger('sms');
    const handler = middy(async () => {
      throw new Error('boom');
    })
      .use(invocationLogContext(logger))
      .use({
        onError: async (request) => void logger.error('webhook failed unexpectedly', { error: request.error?.message }),
      });

    await expect(handler({}, lambdaContext('req-err'))).rejects.toThrow('boom');

    expect(stdout.lines()).toEqual([
      expect.objectContaining({ level: 'ERROR', requestId: 'req-err', coldStart: true }),
    ]);
  });

  it('leaves lines written outside any invocation without a request id', async () => {
    const logger = new JsonLogger('status');
    const handler = middy(async () => 'ok').use(invocationLogContext(logger));

    await handler({}, lambdaContext('req-1'));
    logger.info('between invocations');

    expect(stdout.lines()).toEqual([expect.not.objectContaining({ requestId: expect.anything() })]);
    expect(stdout.lines()[0]).not.toHaveProperty('coldStart');
  });

  it('keeps lines JSON, with masked phone numbers and nothing of the raw event', async () => {
    const logger = new JsonLogger('sms');
    const caller = '+447700900123' as E164;
    const handler = middy(async (event: { body: string }) => {
      logger.info('message stored', { from: maskPhoneNumber(caller), bytes: event.body.length });
    }).use(invocationLogContext(logger));

    await handler({ body: `From=${encodeURIComponent(caller)}&Body=hello` }, lambdaContext('req-1'));

    const [line] = stdout.lines();
    expect(line).toEqual(expect.objectContaining({ message: 'message stored', requestId: 'req-1', coldStart: true }));
    expect(JSON.stringify(line)).not.toContain('7700900123');
    expect(JSON.stringify(line)).not.toContain('Body=');
  });
});
