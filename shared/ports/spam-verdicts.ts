/** Issue 19: the voice webhook's verdict on a caller whose caller ID failed verification, for the status callback. */
export interface SpamVerdicts {
  /** Written only for a call the business's rule screens: every other call writes nothing. */
  markScreened(callSid: string, stirVerstat: string, at: Date): Promise<void>;
}
