import middy from '@middy/core';
import { createError } from '@middy/util';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { InvalidWebhookError, RetryableWebhookError } from '../../shared/domain/common/errors';
import type { WebhookContext, WebhookResult } from '../../shared/http/webhook-types';
import { MetricName } from '../../shared/metric-names';
import { SignatureRejectedError } from '../../shared/middleware/errors';
import { safeErrors, type FailureAnswer } from '../../shared/middleware/safe-errors';
import { lambdaContext, RecordingLogger, RecordingMetrics } from '../support/recording-ports';

// The oracle for what Twilio gets on an unexpected failure: twilio's own TwiML builder.
const hangUp = (() => {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
})();
const emptyResponse = new MessagingResponse().toString();

describe('the safe errors middleware, alone', () => {
  let logger: RecordingLogger;
  let metrics: RecordingMetrics;

  /** A handler that fails with `error`, behind safeErrors only; metrics are in the context, as the chain puts them. */
  function failingWith(error: unknown, onFailure: FailureAnswer = 'empty-response'): Promise<WebhookResult> {
    const handler = middy<unknown, WebhookResult, Error, WebhookContext>(async () => {
      throw error;
    }).use(safeErrors(onFailure, logger));
    return handler({}, { ...lambdaContext(), metrics });
  }

  beforeEach(() => {
    logger = new RecordingLogger();
    metrics = new RecordingMetrics();
  });

  it('answers a rejected signature with 403 Forbidden and nothing more', async () => {
    const response = await failingWith(new SignatureRejectedError());

    expect(response).toEqual({
      statusCode: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'Forbidden',
    });
  });

  it('counts nothing for a rejected signature: the signature check counted it already', async () => {
    await failingWith(new SignatureRejectedError());

    expect(metrics.counts).toEqual({});
  });

  it('answers an invalid webhook with 400 naming the parameter at fault, counted as a bad request', async () => {
    const response = await failingWith(new InvalidWebhookError('CallSid is missing'));

    expect(response).toMatchObject({ statusCode: 400, body: 'Bad Request: CallSid is missing' });
    expect(metrics.counts).toEqual({ [MetricName.BAD_REQUEST]: 1 });
    expect(logger.entries).toEqual([
      { level: 'warn', message: 'bad webhook request', fields: { detail: 'CallSid is missing' } },
    ]);
  });

  it('answers a retryable failure with 503, so Twilio delivers the webhook again', async () => {
    const response = await failingWith(
      new RetryableWebhookError('CA0123', { cause: new Error('ProvisionedThroughputExceeded on table Activity') }),
    );

    expect(response).toMatchObject({ statusCode: 503, body: 'Service Unavailable' });
    expect(response.body).not.toContain('Activity');
  });

  it('passes an HTTP 4xx error from another middleware through with its status and message, counted as a bad request', async () => {
    const response = await failingWith(createError(415, 'Unsupported Media Type'));

    expect(response).toMatchObject({ statusCode: 415, body: 'Unsupported Media Type' });
    expect(metrics.counts).toEqual({ [MetricName.BAD_REQUEST]: 1 });
  });

  it('answers a 413 from the body limit as 413', async () => {
    expect(await failingWith(createError(413, 'Payload Too Large'))).toMatchObject({
      statusCode: 413,
      body: 'Payload Too Large',
    });
  });

  it('never passes a 5xx HTTP error through: it is an unexpected failure like any other', async () => {
    const response = await failingWith(createError(500, 'connection to 10.0.0.12 refused'), 'empty-response');

    expect(response).toMatchObject({ statusCode: 200, body: emptyResponse });
    expect(metrics.counts).toEqual({ [MetricName.UNHANDLED_ERROR]: 1 });
  });

  it('answers an unexpected failure of the voice webhook with TwiML that hangs up', async () => {
    const response = await failingWith(
      new TypeError("Cannot read properties of undefined (reading 'twilioNumber')"),
      'hang-up',
    );

    expect(response).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: hangUp });
  });

  it('answers an unexpected failure of a callback or messaging webhook with an empty <Response/>', async () => {
    const response = await failingWith(
      new TypeError("Cannot read properties of undefined (reading 'twilioNumber')"),
      'empty-response',
    );

    expect(response).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: emptyResponse,
    });
  });

  it('never shows the caller anything of an unexpected error: not its message, its name nor its stack', async () => {
    const error = new Error('ConditionalCheckFailed on Directory pk=+447700900123');

    const response = await failingWith(error, 'hang-up');

    expect(response.body).not.toMatch(/ConditionalCheckFailed|Directory|447700900123|Error|at /);
  });

  it('counts an unexpected failure and logs it at ERROR with its name, for the alarm and the on-call', async () => {
    await failingWith(new RangeError('Invalid time value'));

    expect(metrics.counts).toEqual({ [MetricName.UNHANDLED_ERROR]: 1 });
    expect(logger.entries).toEqual([
      {
        level: 'error',
        message: 'webhook failed unexpectedly',
        fields: { errorName: 'RangeError', error: 'Invalid time value' },
      },
    ]);
  });

  it('answers safely even when what was thrown is not an Error', async () => {
    const response = await failingWith('a bare string', 'hang-up');

    expect(response).toMatchObject({ statusCode: 200, body: hangUp });
    expect(metrics.counts).toEqual({ [MetricName.UNHANDLED_ERROR]: 1 });
  });

  it('leaves a successful response alone', async () => {
    const handler = middy<unknown, WebhookResult, Error, WebhookContext>(async () => ({
      statusCode: 200,
      body: '<Response/>',
    })).use(safeErrors('hang-up', logger));

    expect(await handler({}, { ...lambdaContext(), metrics })).toEqual({ statusCode: 200, body: '<Response/>' });
    expect(metrics.counts).toEqual({});
  });
});
