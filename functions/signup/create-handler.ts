import type { Context } from 'aws-lambda';
import { readSignupHandOff } from '../../shared/domain/signup/signup-hand-off';
import { signUpOwner } from '../../shared/domain/signup/sign-up-owner';
import { invokedFunction } from '../../shared/middleware/invocation-log-context';
import type { SignupOutcome } from '../../shared/ports/signup-desk';
import type { SignupWiring } from './wiring';

/** The sign-up function's entry point: Lambda passes the hand-off as the event; what it returns is the answer. */
export type SignupHandler = (payload: unknown, context?: Context) => Promise<{ outcome: SignupOutcome }>;

/**
 * Invoked by the SMS function and its redelivery consumer with a text to the ONBOARDING number: applies it to the
 * sign-up conversation. Anything else is refused (counted, logged, thrown: the invoker sees a FunctionError). A
 * failure is thrown too, so the SMS webhook is queued and handed off again; sign-up is idempotent by MessageSid.
 */
export function createSignupHandler(wiring: SignupWiring): SignupHandler {
  const run = async (payload: unknown): Promise<{ outcome: SignupOutcome }> => {
    const metrics = wiring.createMetrics();
    try {
      const handOff = readSignupHandOff(payload, {
        onboardingNumber: wiring.signup.onboardingNumber,
        metrics,
        logger: wiring.logger,
      });
      return { outcome: await signUpOwner(handOff, { ...wiring.signup, metrics }) };
    } finally {
      await metrics
        .flush()
        .catch((error: unknown) => wiring.logger.error('metrics flush failed', { error: String(error) }));
    }
  };
  return invokedFunction(wiring.logger, run);
}
