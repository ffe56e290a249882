import type { E164 } from '../domain/numbers/phone-number';
import type { InboundMessage } from './inbox';

/**
 * A text to the ONBOARDING number, as the SMS function hands it to the sign-up function: the stored form of the message,
 * and the one thing of the gate's exchange read that sign-up uses (the MessageSid's own record), so the sign-up
 * function reads nothing the gate already read.
 */
export interface SignupHandOff {
  message: InboundMessage;
  /** The onboarding number texted. */
  business: E164;
  /** The sender, a phone that can be texted back. */
  sender: E164;
  snapshot: { handled?: { state: string } };
}

/** What sign-up did with a text: applied (and answered), or recognised as one it had already applied. */
export type SignupOutcome = 'onboarding-message-handled' | 'duplicate';

/** Where the SMS function sends a text to the ONBOARDING number: the sign-up conversation, run elsewhere. */
export interface SignupDesk {
  /** Resolves once sign-up has applied the text; throws SignupHandOffError when it failed or could not be reached. */
  hand(handOff: SignupHandOff): Promise<SignupOutcome>;
}

/** The errorType of a hand-off that never reached the sign-up function's code (not invoked, or no answer). */
export const SIGNUP_NOT_INVOKED = 'InvokeFailed';

/**
 * A hand-off that did not finish: the sign-up function threw (`errorType` is its error's name, as Lambda reports it),
 * or could not be invoked (SIGNUP_NOT_INVOKED).
 */
export class SignupHandOffError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignupHandOffError';
  }
}

/** The serialised hand-off, as it crosses the wire: `kind` names it, so nothing else is taken for one. */
export interface SignupHandOffPayload {
  kind: 'onboarding-text';
  handOff: SignupHandOff;
}
