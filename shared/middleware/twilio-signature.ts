import type { MiddlewareObj } from '@middy/core';
import { isValidTwilioSignature } from '../adapters/twilio/signature';
import type { TwilioCredentialsProvider } from '../adapters/twilio/twilio-credentials';
import type { WebhookContext, WebhookEvent, WebhookParams } from '../http/webhook-types';
import type { Logger } from '../ports/logger';
import { MetricName } from '../ports/metrics';
import { SignatureRejectedError } from './errors';

export interface SignatureOptions {
  /** Exactly the URL Twilio calls for this route, without query string. */
  publicUrl: string;
  credentials: TwilioCredentialsProvider;
  logger: Logger;
}

/** Rejects any request not signed by Twilio for this route's public URL; runs after the body parser. */
export function twilioSignature(options: SignatureOptions): MiddlewareObj<WebhookEvent, unknown, Error, WebhookContext> {
  return {
    before: async (request) => {
      const { event, context } = request;
      const params: WebhookParams = typeof event.body === 'object' && event.body !== null ? event.body : {};
      const signature = event.headers?.['x-twilio-signature'];
      const { authToken } = await options.credentials();
      const url = options.publicUrl + queryString(event);
      if (!isValidTwilioSignature(authToken, signature, url, params)) {
        context.metrics.count(MetricName.SIGNATURE_REJECTED);
        options.logger.warn('webhook rejected: bad or missing Twilio signature', { url: options.publicUrl, hasSignature: Boolean(signature) });
        throw new SignatureRejectedError();
      }
    },
  };
}

function queryString(event: WebhookEvent): string {
  const query = event.multiValueQueryStringParameters ?? {};
  const pairs = Object.entries(query).flatMap(([key, values]) =>
    (values ?? []).map((value) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
