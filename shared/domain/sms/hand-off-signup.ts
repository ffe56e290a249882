import { MetricName } from '../../metric-names';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { SIGNUP_NOT_INVOKED, SignupHandOffError, type SignupDesk, type SignupOutcome } from '../../ports/signup-desk';
import { RetryableWebhookError } from '../common/errors';
import { maskPhoneNumbersIn } from '../numbers/phone-number';
import type { InboundContext } from './inbound-message';

export interface HandOffSignupDeps {
  signupDesk: SignupDesk;
  metrics: Metrics;
  logger: Logger;
}

/**
 * A text to the ONBOARDING number goes to the sign-up conversation, which runs in its own function (its code stays out
 * of this bundle). A failed hand-off ends as sign-up's failure did when it ran here: one before anything was stored or
 * sent (sign-up's RetryableWebhookError) is queued with its webhook and answered 200, and the redelivery consumer hands
 * it off again (sign-up is idempotent by MessageSid); any other failure of sign-up is thrown on, answered 200 and counted
 * as unhandled, not repeated (its reply may have gone out). An invoke that never reached sign-up is queued too.
 */
export async function handOffSignup(context: InboundContext, deps: HandOffSignupDeps): Promise<SignupOutcome> {
  const { message, business, sender, snapshot } = context;
  try {
    return await deps.signupDesk.hand({
      message,
      business,
      sender,
      snapshot: snapshot.handled ? { handled: snapshot.handled } : {},
    });
  } catch (error) {
    const errorType = error instanceof SignupHandOffError ? error.errorType : undefined;
    // Counted and logged by the sign-up function, which failed before anything was stored or sent.
    if (errorType === 'RetryableWebhookError') throw new RetryableWebhookError(message.messageSid, { cause: error });
    if (errorType !== SIGNUP_NOT_INVOKED) throw error;
    deps.metrics.count(MetricName.SIGNUP_HAND_OFF_FAILED);
    deps.logger.error('sign-up hand-off failed: queued to finish later', {
      messageSid: message.messageSid,
      error: maskPhoneNumbersIn(String(error)),
    });
    throw new RetryableWebhookError(message.messageSid, { cause: error });
  }
}
