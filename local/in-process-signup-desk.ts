import { readSignupOutcome } from '../shared/adapters/lambda/lambda-signup-desk';
import {
  SignupHandOffError,
  type SignupDesk,
  type SignupHandOff,
  type SignupHandOffPayload,
  type SignupOutcome,
} from '../shared/ports/signup-desk';

/** The sign-up function's handler as Lambda calls it: the payload in, its answer out. */
export type SignupFunction = (payload: unknown) => Promise<unknown>;

/**
 * The sign-up function, invoked in process (the local service, the tests) as Lambda invokes it: the hand-off and the
 * answer each go through JSON, so a Date or anything else JSON cannot carry is lost here as it would be on Lambda, and a
 * thrown error reaches the SMS function as Lambda's FunctionError would (its name as `errorType`).
 */
export class InProcessSignupDesk implements SignupDesk {
  constructor(private readonly signup: SignupFunction) {}

  async hand(handOff: SignupHandOff): Promise<SignupOutcome> {
    const payload: SignupHandOffPayload = { kind: 'onboarding-text', handOff };
    let answer: unknown;
    try {
      answer = await this.signup(JSON.parse(JSON.stringify(payload)));
    } catch (error) {
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      throw new SignupHandOffError(errorType, `the sign-up function failed: ${errorMessage}`, { cause: error });
    }
    return readSignupOutcome(answer === undefined ? undefined : JSON.parse(JSON.stringify(answer)));
  }
}
