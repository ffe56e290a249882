import type { APIGatewayProxyEvent } from 'aws-lambda';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { cachedCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import { InvalidWebhookError } from '../../shared/domain/common/errors';
import type { WebhookParams, WebhookResult } from '../../shared/http/webhook-types';
import { MetricName } from '../../shared/metric-names';
import {
  MAX_BODY_BYTES,
  twilioWebhook,
  type WebhookBody,
  type WebhookRoute,
} from '../../shared/middleware/twilio-webhook';
import type { Metrics } from '../../shared/ports/metrics';
import { lambdaContext, RecordingLogger, RecordingMetrics } from '../support/recording-ports';
import { signedEvent, type RequestOptions, type TwilioParams } from '../support/twilio-request';

const TOKEN = 'auth-token-0123456789abcdef0123456';
const BASE_URL = 'https://hooks.example.test/prod';
const VOICE: WebhookRoute = { path: '/twilio/voice', onFailure: 'hang-up' };
const SMS: WebhookRoute = { path: '/twilio/sms', onFailure: 'empty-response' };
const CALL = {
  AccountSid: 'AC11111111111111111111111111111111',
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  From: '+447700900123',
  To: '+447476955100',
};
const OK: WebhookResult = {
  statusCode: 200,
  headers: { 'Content-Type': 'text/xml; charset=utf-8' },
  body: '<Response/>',
};

const hangUp = (() => {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
})();

describe('the Twilio webhook chain, in order', () => {
  let logger: RecordingLogger;
  let invocations: RecordingMetrics[];
  let fetches: number;
  let calls: Array<{ params: WebhookParams; metrics: Metrics }>;

  function webhook(route: WebhookRoute, body: WebhookBody = async () => OK) {
    const credentials = cachedCredentials(async () => {
      fetches += 1;
      return { accountSid: CALL.AccountSid, authToken: TOKEN };
    });
    const createMetrics = () => {
      const metrics = new RecordingMetrics();
      invocations.push(metrics);
      return metrics;
    };
    const handler = twilioWebhook(
      route,
      { publicBaseUrl: BASE_URL, credentials, logger, createMetrics },
      async (params, metrics, pathParameters) => {
        calls.push({ params, metrics });
        return body(params, metrics, pathParameters);
      },
    );
    return (params: TwilioParams, options?: RequestOptions) =>
      handler(signedEvent(BASE_URL, route.path, TOKEN, params, options), lambdaContext());
  }

  beforeEach(() => {
    logger = new RecordingLogger();
    invocations = [];
    fetches = 0;
    calls = [];
  });

  it('hands a signed request to the use case as parsed parameters, and returns its answer', async () => {
    const response = await webhook(VOICE)(CALL);

    expect(response).toEqual(OK);
    expect(calls.map((call) => call.params)).toEqual([CALL]);
  });

  it("gives the use case the invocation's metrics and flushes them once", async () => {
    await webhook(VOICE, async (_params, metrics) => {
      metrics.count(MetricName.UNHANDLED_ERROR);
      return OK;
    })(CALL);

    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({ counts: { [MetricName.UNHANDLED_ERROR]: 1 }, flushes: 1 });
  });

  it('answers an unsigned request 403 without running the use case, counted and flushed', async () => {
    const response = await webhook(VOICE)(CALL, { signature: null });

    expect(response).toMatchObject({ statusCode: 403, body: 'Forbidden' });
    expect(calls).toEqual([]);
    expect(invocations[0]).toMatchObject({ counts: { [MetricName.SIGNATURE_REJECTED]: 1 }, flushes: 1 });
  });

  it("checks the signature against the route's own public URL", async () => {
    const response = await webhook(VOICE)(CALL, { signedUrl: `${BASE_URL}${SMS.path}` });

    expect(response).toMatchObject({ statusCode: 403 });
  });

  it('finds the signature header whatever its case, as API Gateway may pass it', async () => {
    const event = signedEvent(BASE_URL, VOICE.path, TOKEN, CALL);
    const signature = event.headers['X-Twilio-Signature'] as string;
    const { 'X-Twilio-Signature': _dropped, ...headers } = event.headers;
    const lowerCased: APIGatewayProxyEvent = { ...event, headers: { ...headers, 'x-twilio-signature': signature } };
    const credentials = cachedCredentials(async () => ({ accountSid: CALL.AccountSid, authToken: TOKEN }));
    const handler = twilioWebhook(
      VOICE,
      { publicBaseUrl: BASE_URL, credentials, logger, createMetrics: () => new RecordingMetrics() },
      async () => OK,
    );

    expect(await handler(lowerCased, lambdaContext())).toEqual(OK);
  });

  it('parses and verifies a base64-encoded form body, as API Gateway may deliver it', async () => {
    expect(await webhook(SMS)({ ...CALL, Body: 'Boiler broken — can you come today?' }, { base64: true })).toEqual(OK);
    expect(calls[0]?.params.Body).toBe('Boiler broken — can you come today?');
  });

  it('refuses an oversized body with 413 before parsing it or fetching the Twilio secret', async () => {
    const response = await webhook(SMS)({ ...CALL, Body: 'x'.repeat(MAX_BODY_BYTES) });

    expect(response).toMatchObject({ statusCode: 413 });
    expect(fetches).toBe(0);
    expect(calls).toEqual([]);
    expect(invocations[0]).toMatchObject({ counts: { [MetricName.BAD_REQUEST]: 1 }, flushes: 1 });
  });

  it("answers a use case's InvalidWebhookError with 400 naming the parameter", async () => {
    const response = await webhook(SMS, async () => {
      throw new InvalidWebhookError('MessageSid is missing');
    })(CALL);

    expect(response).toMatchObject({ statusCode: 400, body: 'Bad Request: MessageSid is missing' });
  });

  it('ends the call when the voice use case fails unexpectedly, counted and flushed', async () => {
    const response = await webhook(VOICE, async () => {
      throw new Error('table Directory unavailable');
    })(CALL);

    expect(response).toMatchObject({ statusCode: 200, body: hangUp });
    expect(invocations[0]).toMatchObject({ counts: { [MetricName.UNHANDLED_ERROR]: 1 }, flushes: 1 });
  });

  it('answers an empty <Response/> when the messaging use case fails unexpectedly', async () => {
    const response = await webhook(SMS, async () => {
      throw new Error('table Activity unavailable');
    })(CALL);

    expect(response).toMatchObject({ statusCode: 200, body: new MessagingResponse().toString() });
  });
});
