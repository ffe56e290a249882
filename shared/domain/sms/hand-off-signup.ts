import { MetricName } from '../../metric-names';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { SignupHandOffError, type SignupDesk, type SignupOutcome } from '../../ports/signup-desk';
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
 * of this bundle). Sign-up stores and de-duplicates the text with its conversation save, so a hand-off that failed,
 * whatever the reason, is safe to repeat: the webhook is queued (RetryableWebhookError) and answered 200, and the
 * redelivery consumer hands it off again.
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
    const errorType = error instanceof SignupHandOffError ? error.errorType : 'HandOffFailed';
    // Counted and logged already by the sign-up function, which failed before anything was stored or sent.
    if (errorType !== 'RetryableWebhookError') {
      deps.metrics.count(MetricName.SIGNUP_HAND_OFF_FAILED);
      deps.logger.error('sign-up hand-off failed: queued to finish later', {
        messageSid: message.messageSid,
        errorType,
        error: maskPhoneNumbersIn(String(error)),
      });
    }
    throw new RetryableWebhookError(message.messageSid, { cause: error });
  }
}
