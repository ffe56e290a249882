import type { MiddlewareObj } from '@middy/core';
import { isValidTwilioSignature } from '../adapters/twilio/signature';
import type { CachedCredentials } from '../adapters/twilio/twilio-credentials';
import type { WebhookContext, WebhookEvent, WebhookParams } from '../http/webhook-types';
import type { Logger } from '../ports/logger';
import { MetricName } from '../metric-names';
import { SignatureRejectedError } from './errors';

export interface SignatureOptions {
  /**
   * Exactly the URL Twilio calls for this route (for a `{token}` route, with this request's token in its place). Never
   * with a query string: see `queryString` below.
   */
  publicUrl: string | ((event: WebhookEvent) => string);
  credentials: CachedCredentials;
  logger: Logger;
}

/** Why a request was refused, for the log line (never the signature or the parameters). */
export const SIGNATURE_REFUSALS = {
  missing: 'no X-Twilio-Signature header',
  mismatch: 'signature does not match the route URL and parameters',
  queryString: 'URL has a query string: not supported',
} as const;

/**
 * Rejects any request not signed by Twilio for this route's public URL; runs after the body parser.
 * The URL checked is the route's public URL alone. A webhook URL with a query string is not supported: API Gateway's
 * REST event hands over the query parsed and decoded, so the exact query Twilio signed (its order, its encoding) cannot
 * be rebuilt. So a request with a query string is refused before any check (403), whether a query was signed or added
 * to a captured request, and the log line says that the query string is why.
 */
export function twilioSignature(
  options: SignatureOptions,
): MiddlewareObj<WebhookEvent, unknown, Error, WebhookContext> {
  return {
    before: async (request) => {
      const { event, context } = request;
      const publicUrl = typeof options.publicUrl === 'string' ? options.publicUrl : options.publicUrl(event);
      const params: WebhookParams = typeof event.body === 'object' && event.body !== null ? event.body : {};
      const signature = event.headers?.['x-twilio-signature'];
      const reject = (reason: string) => {
        context.metrics.count(MetricName.SIGNATURE_REJECTED);
        options.logger.warn('webhook rejected: bad or missing Twilio signature', {
          url: publicUrl,
          hasSignature: Boolean(signature),
          reason,
        });
        return new SignatureRejectedError();
      };
      if (hasQueryString(event)) throw reject(SIGNATURE_REFUSALS.queryString);
      const valid = async () =>
        isValidTwilioSignature((await options.credentials()).authToken, signature, publicUrl, params);
      // After a token rotation the first mismatch fetches the secret again (at most once a minute) and checks once more.
      if (!(await valid()) && !(signature && (await options.credentials.refresh()) && (await valid()))) {
        throw reject(signature ? SIGNATURE_REFUSALS.mismatch : SIGNATURE_REFUSALS.missing);
      }
    },
  };
}

function hasQueryString(event: WebhookEvent): boolean {
  return Object.keys(event.multiValueQueryStringParameters ?? event.queryStringParameters ?? {}).length > 0;
}
