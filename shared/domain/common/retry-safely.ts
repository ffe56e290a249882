import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { MetricName } from '../../metric-names';
import { maskPhoneNumbersIn } from '../numbers/phone-number';
import { RetryableWebhookError } from './errors';

export interface RetryableFailure {
  sid: string;
  /** Counted when the step fails. */
  metric: MetricName;
  /** Logged when the step fails, with `fields`. */
  message: string;
  fields: LogFields;
}

/**
 * Runs a step whose failure leaves the webhook safe to deliver again (nothing sent yet, or sends guarded by the
 * CallSid/MessageSid): the failure is counted and logged, and turned into a RetryableWebhookError (queued for redelivery).
 */
export async function retrySafely<T>(
  failure: RetryableFailure,
  deps: { metrics: Metrics; logger: Logger },
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    deps.metrics.count(failure.metric);
    deps.logger.error(failure.message, { ...failure.fields, error: maskPhoneNumbersIn(String(error)) });
    throw new RetryableWebhookError(failure.sid, { cause: error });
  }
}
