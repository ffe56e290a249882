import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import twilio from 'twilio';
import type { CachedCredentials } from '../../shared/adapters/twilio/twilio-credentials';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { SmsSendError, type MessageSender } from '../../shared/ports/message-sender';
import type { Metrics } from '../../shared/ports/metrics';

/**
 * The naive way to write the same webhooks, for the bundle-size and cold-start comparison only: `import twilio from
 * 'twilio'` (as Twilio's docs show) for signature validation, TwiML and sending, no middleware, and the AWS SDK bundled
 * in. The business logic is the real domain, so the two builds differ in those choices and nothing else.
 */
export type NaiveParams = Record<string, string>;

export function naiveWebhook(
  deps: WebhookChainDeps,
  path: string,
  body: (params: NaiveParams, metrics: Metrics) => Promise<string>,
) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const raw =
      event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
    const params = Object.fromEntries(new URLSearchParams(raw)) as NaiveParams;
    const signature = event.headers['X-Twilio-Signature'] ?? event.headers['x-twilio-signature'] ?? '';
    const { authToken } = await deps.credentials();
    if (!twilio.validateRequest(authToken, signature, deps.publicBaseUrl + path, params))
      return { statusCode: 403, body: 'Forbidden' };
    const metrics = deps.createMetrics();
    try {
      return { statusCode: 200, headers: { 'Content-Type': 'text/xml' }, body: await body(params, metrics) };
    } catch (error) {
      deps.logger.error('webhook failed', { error: String(error) });
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'text/xml' },
        body: new twilio.twiml.MessagingResponse().toString(),
      };
    } finally {
      await metrics.flush();
    }
  };
}

/** Sends with twilio's REST client, the way its README does. */
export function twilioClientSender(credentials: CachedCredentials): MessageSender {
  let client: ReturnType<typeof twilio> | undefined;
  return {
    send: async (sms) => {
      const { accountSid, authToken } = await credentials();
      client ??= twilio(accountSid, authToken);
      try {
        const message = await client.messages.create({ to: sms.to, from: sms.from, body: sms.body });
        return { sid: message.sid };
      } catch (error) {
        const { code, status } = error as { code?: number; status?: number };
        throw new SmsSendError(String(error), code, status);
      }
    },
  };
}
