import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { CachedCredentials } from '../adapters/twilio/twilio-credentials';
import type { WebhookContext, WebhookEvent, WebhookHandler, WebhookParams, WebhookResult } from '../http/webhook-types';
import { optionalSid } from '../http/webhook-params';
import { PATH_TOKEN } from '../http/path-token';
import type { Logger } from '../ports/logger';
import type { FlushableMetrics, Metrics } from '../ports/metrics';
import type { RedeliveryQueue } from '../ports/redelivery-queue';
import { bodySizeLimit } from './body-size-limit';
import { invocationLogContext } from './invocation-log-context';
import { metricsPerInvocation } from './metrics-per-invocation';
import { durableRedelivery } from './durable-redelivery';
import { failureAnswer, safeErrors, type FailureAnswer } from './safe-errors';
import { twilioSignature } from './twilio-signature';

/** Twilio's largest webhooks (a 1600-character SMS with ten media URLs) are well under this. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface WebhookRoute {
  /** The route's path, e.g. `/twilio/voice`: appended to the public base URL for the signature check. */
  path: string;
  /** What Twilio gets when the webhook fails unexpectedly. */
  onFailure: FailureAnswer;
}

/** What the chain itself uses, and nothing of the use case behind it. */
export interface WebhookChainDeps {
  /** The base URL Twilio calls; the signature is checked against it plus the route's path. */
  publicBaseUrl: string;
  credentials: CachedCredentials;
  logger: Logger;
  /** Metrics for one invocation; the chain flushes them. */
  createMetrics: () => FlushableMetrics;
  /**
   * Where a webhook that cannot finish now waits to be finished (status and SMS): it is answered 200, never 503,
   * because Twilio does not deliver those again. Voice has none: a call is answered at once or ended safely.
   */
  redelivery?: RedeliveryQueue;
}

/** The use case behind a route: the signed parameters, the invocation's metrics, and the route's path parameters. */
export type WebhookBody = (
  params: WebhookParams,
  metrics: Metrics,
  pathParameters: { token?: string },
) => Promise<WebhookResult>;

/**
 * The chain every Twilio webhook runs, in order: the request id and cold start on every log line, per-invocation metrics (flushed last, on success and on error),
 * error mapping, a body size limit, header normalising, form parsing, then the signature check before any business code,
 * and the AccountSid's shape.
 */
export function twilioWebhook(route: WebhookRoute, deps: WebhookChainDeps, body: WebhookBody): WebhookHandler {
  const handler = middy<WebhookEvent, WebhookResult, Error, WebhookContext>()
    .use(invocationLogContext(deps.logger))
    .use(metricsPerInvocation(deps.createMetrics, deps.logger))
    .use(safeErrors(route.onFailure, deps.logger))
    // After safeErrors, so its error handler runs first: a queued webhook is answered 200, not mapped to a 503.
    .use(
      deps.redelivery
        ? [
            durableRedelivery({
              route: route.path,
              queue: deps.redelivery,
              logger: deps.logger,
              queuedAnswer: () => failureAnswer(route.onFailure),
            }),
          ]
        : [],
    )
    .use(bodySizeLimit(MAX_BODY_BYTES))
    .use(httpHeaderNormalizer())
    .use(httpUrlencodeBodyParser())
    .use(
      twilioSignature({
        // A `{token}` route is signed over the URL with this request's token in its place (no token: no match).
        publicUrl: route.path.includes(PATH_TOKEN)
          ? (event) => deps.publicBaseUrl + route.path.replace(PATH_TOKEN, event.pathParameters?.token ?? '')
          : deps.publicBaseUrl + route.path,
        credentials: deps.credentials,
        logger: deps.logger,
      }),
    )
    .handler(async (event, context) => {
      const params = event.body as WebhookParams;
      // Every route: Twilio names our account in AccountSid; any other shape did not come from Twilio.
      optionalSid(params, 'AccountSid');
      return body(params, context.metrics, {
        ...(event.pathParameters?.token ? { token: event.pathParameters.token } : {}),
      });
    });
  // The middleware adds `metrics` to the context and parses the body: callers see the plain proxy signature.
  return handler as unknown as WebhookHandler;
}
