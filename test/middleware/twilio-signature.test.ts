import middy from '@middy/core';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { cachedCredentials, type TwilioCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import type { WebhookContext, WebhookEvent, WebhookParams } from '../../shared/http/webhook-types';
import { MetricName } from '../../shared/metric-names';
import { SignatureRejectedError } from '../../shared/middleware/errors';
import { twilioSignature } from '../../shared/middleware/twilio-signature';
import { lambdaContext, RecordingLogger, RecordingMetrics } from '../support/recording-ports';

const ACCOUNT_SID = 'AC11111111111111111111111111111111';
const TOKEN = 'auth-token-0123456789abcdef0123456';
const ROTATED_TOKEN = 'auth-token-fedcba9876543210fedcba9';
const PUBLIC_URL = 'https://hooks.example.test/prod/twilio/voice';
const PARAMS = {
  AccountSid: ACCOUNT_SID,
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  From: '+447700900123',
  To: '+447476955100',
  CallStatus: 'ringing',
};

/** Twilio's own signature: HMAC-SHA1 over the URL plus every POST parameter, computed by the twilio library. */
const sign = (token: string, url: string, params: WebhookParams) =>
  getExpectedTwilioSignature(token, url, params as Record<string, string>);

/**
 * The event as the signature check sees it in the chain: headers normalised (lower case) and the form already parsed.
 * `query` is the query string API Gateway parsed from the URL Twilio called.
 */
function webhookEvent(
  params: WebhookParams,
  signature: string | undefined,
  query?: Record<string, string[]>,
): WebhookEvent {
  return {
    httpMethod: 'POST',
    path: '/twilio/voice',
    resource: '/twilio/voice',
    headers: signature === undefined ? {} : { 'x-twilio-signature': signature },
    multiValueHeaders: {},
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values[values.length - 1]]))
      : null,
    multiValueQueryStringParameters: query ?? null,
    pathParameters: null,
    stageVariables: null,
    body: params,
    isBase64Encoded: false,
    requestContext: {} as WebhookEvent['requestContext'],
  };
}

describe('the Twilio signature middleware, alone', () => {
  let logger: RecordingLogger;
  let metrics: RecordingMetrics;
  let handled: WebhookEvent[];
  let secret: TwilioCredentials;
  let fetches: number;
  let now: number;

  function handler() {
    const credentials = cachedCredentials(
      async () => {
        fetches += 1;
        return { ...secret };
      },
      { now: () => now },
    );
    const run = middy<WebhookEvent, string, Error, WebhookContext>(async (event: WebhookEvent) => {
      handled.push(event);
      return 'handled';
    }).use(twilioSignature({ publicUrl: PUBLIC_URL, credentials, logger }));
    return (event: WebhookEvent) => run(event, { ...lambdaContext(), metrics });
  }

  beforeEach(() => {
    logger = new RecordingLogger();
    metrics = new RecordingMetrics();
    handled = [];
    secret = { accountSid: ACCOUNT_SID, authToken: TOKEN };
    fetches = 0;
    now = Date.parse('2026-11-30T09:00:00Z');
  });

  it('lets a request Twilio signed for this URL through to the handler, counting nothing', async () => {
    const result = await handler()(webhookEvent(PARAMS, sign(TOKEN, PUBLIC_URL, PARAMS)));

    expect(result).toBe('handled');
    expect(handled).toHaveLength(1);
    expect(metrics.counts).toEqual({});
  });

  it('rejects a request signed with another token, before the handler runs', async () => {
    const rejected = handler()(webhookEvent(PARAMS, sign('someone-elses-token', PUBLIC_URL, PARAMS)));

    await expect(rejected).rejects.toBeInstanceOf(SignatureRejectedError);
    expect(handled).toEqual([]);
  });

  it('counts a rejected request as webhook.signature_rejected and warns without the signature or the parameters', async () => {
    const signature = sign('someone-elses-token', PUBLIC_URL, PARAMS);

    await expect(handler()(webhookEvent(PARAMS, signature))).rejects.toBeInstanceOf(SignatureRejectedError);

    expect(metrics.counts).toEqual({ [MetricName.SIGNATURE_REJECTED]: 1 });
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        message: 'webhook rejected: bad or missing Twilio signature',
        fields: {
          url: PUBLIC_URL,
          hasSignature: true,
          reason: 'signature does not match the route URL and parameters',
        },
      },
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain(signature);
    expect(JSON.stringify(logger.entries)).not.toContain('7700900123');
  });

  it('rejects and counts a request with no signature at all', async () => {
    await expect(handler()(webhookEvent(PARAMS, undefined))).rejects.toBeInstanceOf(SignatureRejectedError);

    expect(metrics.counts).toEqual({ [MetricName.SIGNATURE_REJECTED]: 1 });
    expect(logger.entries[0]?.fields).toEqual({
      url: PUBLIC_URL,
      hasSignature: false,
      reason: 'no X-Twilio-Signature header',
    });
  });

  it('does not fetch the secret again for a request with no signature: unsigned noise cannot reach the secret store', async () => {
    await expect(handler()(webhookEvent(PARAMS, undefined))).rejects.toBeInstanceOf(SignatureRejectedError);

    expect(fetches).toBe(1);
  });

  it('rejects a request whose parameters were changed after Twilio signed them', async () => {
    const signature = sign(TOKEN, PUBLIC_URL, PARAMS);

    await expect(handler()(webhookEvent({ ...PARAMS, From: '+447700900999' }, signature))).rejects.toBeInstanceOf(
      SignatureRejectedError,
    );
  });

  it('rejects a request signed for another route: a status callback replayed at the voice URL', async () => {
    const signature = sign(TOKEN, 'https://hooks.example.test/prod/twilio/status', PARAMS);

    await expect(handler()(webhookEvent(PARAMS, signature))).rejects.toBeInstanceOf(SignatureRejectedError);
  });

  it('checks repeated parameters (several media URLs) the way Twilio signs them', async () => {
    const params = { ...PARAMS, MediaUrl: ['https://api.twilio.com/media/1', 'https://api.twilio.com/media/2'] };

    expect(await handler()(webhookEvent(params, sign(TOKEN, PUBLIC_URL, params)))).toBe('handled');
  });

  it('refuses a URL with a query string even when Twilio signed it: not supported, and the log says why', async () => {
    const signature = sign(TOKEN, `${PUBLIC_URL}?attempt=2&source=fallback`, PARAMS);

    await expect(
      handler()(webhookEvent(PARAMS, signature, { attempt: ['2'], source: ['fallback'] })),
    ).rejects.toBeInstanceOf(SignatureRejectedError);
    expect(metrics.counts).toEqual({ [MetricName.SIGNATURE_REJECTED]: 1 });
    expect(logger.entries[0]?.fields).toMatchObject({ reason: 'URL has a query string: not supported' });
  });

  it('rejects a query string added to a request Twilio signed without one', async () => {
    const signature = sign(TOKEN, PUBLIC_URL, PARAMS);

    await expect(handler()(webhookEvent(PARAMS, signature, { attempt: ['2'] }))).rejects.toBeInstanceOf(
      SignatureRejectedError,
    );
  });

  it('refuses a query string before fetching the secret: such noise never reaches the secret store', async () => {
    const signature = sign(TOKEN, `${PUBLIC_URL}?business=Ace%20Plumbing%20%26%20Sons`, PARAMS);

    await expect(
      handler()(webhookEvent(PARAMS, signature, { business: ['Ace Plumbing & Sons'] })),
    ).rejects.toBeInstanceOf(SignatureRejectedError);
    expect(fetches).toBe(0);
  });

  it('after a token rotation, fetches the secret again and accepts the request signed with the new token', async () => {
    const check = handler();
    expect(await check(webhookEvent(PARAMS, sign(TOKEN, PUBLIC_URL, PARAMS)))).toBe('handled'); // old token cached
    now += 2 * 60_000;
    secret = { accountSid: ACCOUNT_SID, authToken: ROTATED_TOKEN };

    expect(await check(webhookEvent(PARAMS, sign(ROTATED_TOKEN, PUBLIC_URL, PARAMS)))).toBe('handled');
    expect(fetches).toBe(2);
    expect(metrics.counts).toEqual({});
  });

  it('fetches the secret again at most once a minute, however many bad signatures arrive', async () => {
    const check = handler();
    await check(webhookEvent(PARAMS, sign(TOKEN, PUBLIC_URL, PARAMS)));
    now += 2 * 60_000;

    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(check(webhookEvent(PARAMS, sign('forged-token', PUBLIC_URL, PARAMS)))).rejects.toBeInstanceOf(
        SignatureRejectedError,
      );
    }

    expect(fetches).toBe(2);
    expect(metrics.counts).toEqual({ [MetricName.SIGNATURE_REJECTED]: 5 });
  });

  it('keeps rejecting the old token once the rotated one has been fetched', async () => {
    const check = handler();
    await check(webhookEvent(PARAMS, sign(TOKEN, PUBLIC_URL, PARAMS)));
    now += 2 * 60_000;
    secret = { accountSid: ACCOUNT_SID, authToken: ROTATED_TOKEN };
    await check(webhookEvent(PARAMS, sign(ROTATED_TOKEN, PUBLIC_URL, PARAMS)));

    await expect(check(webhookEvent(PARAMS, sign(TOKEN, PUBLIC_URL, PARAMS)))).rejects.toBeInstanceOf(
      SignatureRejectedError,
    );
  });
});
