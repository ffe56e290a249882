import type { E164 } from '../domain/numbers/phone-number';

/** An outbound call that says one message and hangs up (issue 19: an emergency rings the owner). */
export interface SpokenCall {
  to: E164;
  /** Our business number: the owner sees who rings. */
  from: E164;
  /** What is said when the call is answered, then it hangs up. */
  say: string;
}

/** Places outbound calls; throws SmsSendError (the provider's refusal and its code) when the call was not created. */
export interface CallPlacer {
  place(call: SpokenCall): Promise<{ sid: string }>;
}
