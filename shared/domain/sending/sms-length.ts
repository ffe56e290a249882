/**
 * Twilio refuses a Body over 1,600 characters (error 21617) and counts emoji and other characters outside the basic
 * plane as more than one. We count UTF-16 code units, which is never less than what Twilio counts.
 */
export const MAX_BODY_LENGTH = 1600;

export function smsLength(text: string): number {
  return text.length;
}

/** Cuts `text` to at most `max` UTF-16 code units ending with `ending`, never splitting a surrogate pair. */
export function cutToLength(text: string, max: number, ending = '…'): string {
  if (smsLength(text) <= max) return text;
  let end = Math.max(0, max - ending.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ending}`;
}
