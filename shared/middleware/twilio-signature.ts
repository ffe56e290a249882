import type { MiddlewareObj } from '@middy/core';
import { isValidTwilioSignature } from '../adapters/twilio/signature';
import type { CachedCredentials } from '../adapters/twilio/twilio-credentials';
import type { WebhookContext, WebhookEvent, WebhookParams } from '../http/webhook-types';
import type { Logger } from '../ports/logger';
import { MetricName } from '../metric-names';
import { SignatureRejectedError } from './errors';

export interface SignatureOptions {
  /** Exactly the URL Twilio calls for this route, without query string. */
  publicUrl: string;
  credentials: CachedCredentials;
  logger: Logger;
}

/** Rejects any request not signed by Twilio for this route's public URL; runs after the body parser. */
export function twilioSignature(options: SignatureOptions): MiddlewareObj<WebhookEvent, unknown, Error, WebhookContext> {
  return {
    before: async (request) => {
      const { event, context } = request;
      const params: WebhookParams = typeof event.body === 'object' && event.body !== null ? event.body : {};
      const signature = event.headers?.['x-twilio-signature'];
      const url = options.publicUrl + queryString(event);
      const valid = async () => isValidTwilioSignature((await options.credentials()).authToken, signature, url, params);
      // After a token rotation the first mismatch fetches the secret again (at most once a minute) and checks once more.
      if (!(await valid()) && !(signature && (await options.credentials.refresh()) && (await valid()))) {
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
