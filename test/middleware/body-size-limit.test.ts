import middy from '@middy/core';
import type { WebhookEvent } from '../../shared/http/webhook-types';
import { bodySizeLimit } from '../../shared/middleware/body-size-limit';
import { lambdaContext } from '../support/recording-ports';
import { signedEvent } from '../support/twilio-request';

const LIMIT = 100;

/** A webhook event whose raw body is `body` (base64-encoded when asked), as API Gateway passes it. */
function eventWith(body: string | null, base64 = false): WebhookEvent {
  return signedEvent('https://hooks.example.test', '/twilio/sms', 'token', {}, { rawBody: body, base64 });
}

describe('the body size limit middleware, alone', () => {
  let handled: WebhookEvent[];
  const handler = () =>
    middy(async (event: WebhookEvent) => {
      handled.push(event);
      return { statusCode: 200, body: 'ok' };
    }).use(bodySizeLimit(LIMIT));

  beforeEach(() => {
    handled = [];
  });

  it('passes a body of exactly the limit to the handler untouched', async () => {
    const body = 'a'.repeat(LIMIT);

    expect(await handler()(eventWith(body), lambdaContext())).toEqual({ statusCode: 200, body: 'ok' });
    expect(handled.map((event) => event.body)).toEqual([body]);
  });

  it('refuses a body one byte over the limit with 413 Payload Too Large, before the handler runs', async () => {
    await expect(handler()(eventWith('a'.repeat(LIMIT + 1)), lambdaContext())).rejects.toMatchObject({
      statusCode: 413,
      message: 'Payload Too Large',
      expose: true,
    });
    expect(handled).toEqual([]);
  });

  it('counts bytes, not characters: multi-byte text under the character count but over the byte limit is refused', async () => {
    const body = 'é'.repeat(LIMIT / 2 + 1); // 51 characters, 102 bytes in UTF-8

    await expect(handler()(eventWith(body), lambdaContext())).rejects.toMatchObject({ statusCode: 413 });
  });

  it('counts the decoded bytes of a base64 body: a body whose encoding is over the limit but whose bytes are not passes', async () => {
    const body = 'a'.repeat(LIMIT); // 100 bytes decoded, 136 characters encoded
    const event = eventWith(body, true);
    expect(String(event.body).length).toBeGreaterThan(LIMIT);

    await handler()(event, lambdaContext());

    expect(handled).toHaveLength(1);
  });

  it('refuses a base64 body whose decoded bytes are over the limit', async () => {
    await expect(handler()(eventWith('a'.repeat(LIMIT + 1), true), lambdaContext())).rejects.toMatchObject({
      statusCode: 413,
    });
    expect(handled).toEqual([]);
  });

  it('lets a request without a body through, for the parser and the signature check to judge', async () => {
    await handler()(eventWith(null), lambdaContext());

    expect(handled).toHaveLength(1);
  });
});
