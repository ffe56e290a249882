/**
 * Issue 19: a business's rule for callers whose caller ID failed verification (SHAKEN, US calls only). `on` (the
 * default) screens a failed verification; `strict` also a call with no attestation at all (`No-TN-Validation`, common
 * for honest callers on carriers without SHAKEN); `off` screens nothing.
 */
export type SpamScreen = 'on' | 'strict' | 'off';

export function parseSpamScreen(value: unknown): SpamScreen | undefined {
  return value === 'on' || value === 'strict' || value === 'off' ? value : undefined;
}

/**
 * Whether a call with Twilio's `StirVerstat` is not texted back under the business's rule. Twilio sends
 * `TN-Validation-Passed-A|B|C`, `TN-Validation-Failed[-A|B|C]` or `No-TN-Validation`, and nothing without a SHAKEN
 * identity header (a UK call): no value is never screened.
 */
export function screensCall(setting: SpamScreen | undefined, stirVerstat: string | undefined): boolean {
  if (!stirVerstat || setting === 'off') return false;
  return stirVerstat.startsWith('TN-Validation-Failed') || (setting === 'strict' && stirVerstat === 'No-TN-Validation');
}
