import type { MiddlewareObj } from '@middy/core';
import { renderEmptyMessagingResponse, renderHangUp } from '../adapters/twilio/twiml';
import { InvalidWebhookError, RetryableWebhookError } from '../domain/common/errors';
import { maskPhoneNumbersIn } from '../domain/numbers/phone-number';
import { textResponse, twimlResponse } from '../http/responses';
import type { WebhookContext, WebhookResult } from '../http/webhook-types';
import type { Logger } from '../ports/logger';
import { MetricName } from '../metric-names';
import { SignatureRejectedError } from './errors';

/** Twilio's answer to an unexpected failure: end the call (voice), or an empty `<Response/>` (callbacks, messaging). */
export type FailureAnswer = 'hang-up' | 'empty-response';

/**
 * Maps every error to an answer, in one place. Only 4xx messages are shown; nothing internal ever is.
 * Unexpected errors: voice answers TwiML that ends the call, status/sms answer 200 once the failure is logged and counted.
 */
export function safeErrors(
  onFailure: FailureAnswer,
  logger: Logger,
): MiddlewareObj<unknown, WebhookResult, Error, WebhookContext> {
  return {
    onError: async (request) => {
      // Already answered by a handler that ran before this one (a webhook queued for redelivery).
      if (request.response !== undefined) return;
      const error = request.error;
      const metrics = request.context.metrics;
      request.response = toResponse(error);

      function toResponse(error: Error | null): WebhookResult {
        if (error instanceof SignatureRejectedError) return textResponse(403, 'Forbidden');
        if (error instanceof InvalidWebhookError) {
          metrics?.count(MetricName.BAD_REQUEST);
          logger.warn('bad webhook request', { detail: error.detail });
          return textResponse(400, `Bad Request: ${error.detail}`);
        }
        const status = httpStatusOf(error);
        if (status !== undefined && status >= 400 && status < 500) {
          metrics?.count(MetricName.BAD_REQUEST);
          logger.warn('bad webhook request', { status, detail: maskPhoneNumbersIn(error?.message ?? '') });
          return textResponse(status, error?.message ?? 'Bad Request');
        }
        if (error instanceof RetryableWebhookError) {
          // Reached only when it could not be queued (durableRedelivery answers a queued one first). Delivering it
          // again would be safe, but Twilio does not redeliver a status callback or text: RedeliveryQueueUnreachable pages.
          return textResponse(503, 'Service Unavailable');
        }
        metrics?.count(MetricName.UNHANDLED_ERROR);
        logger.error('webhook failed unexpectedly', {
          errorName: error?.name,
          error: maskPhoneNumbersIn(error?.message ?? ''),
        });
        return failureAnswer(onFailure);
      }
    },
  };
}

function httpStatusOf(error: Error | null): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What Twilio gets for a webhook that failed or was queued: TwiML that ends the call, or an empty `<Response/>`.
 * renderHangUp, not renderVoiceAnswer: the SMS and status bundles then carry none of the voice verbs.
 */
export function failureAnswer(onFailure: FailureAnswer): WebhookResult {
  return twimlResponse(onFailure === 'hang-up' ? renderHangUp() : renderEmptyMessagingResponse());
}
