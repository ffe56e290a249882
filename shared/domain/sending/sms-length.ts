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

/**
 * How many segments a carrier bills for one SMS body: GSM-7 when every character is in the GSM 03.38 alphabet (160
 * septets alone, 153 per part when split; the extension characters take two septets), UCS-2 otherwise (70 code units
 * alone, 67 per part). Twilio bills per segment.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** The first character outside the GSM alphabet: the one that makes a text UCS-2 and doubles its cost. */
export function ucs2CharacterIn(body: string): string | undefined {
  return [...body].find((character) => !GSM_BASIC.has(character) && !GSM_EXTENSION.has(character));
}

export function smsSegments(body: string): SmsSegments {
  if (ucs2CharacterIn(body) !== undefined) return split('UCS-2', body.length, 70, 67);
  let septets = 0;
  for (const character of body) septets += GSM_EXTENSION.has(character) ? 2 : 1;
  return split('GSM-7', septets, 160, 153);
}

function split(encoding: SmsSegments['encoding'], units: number, single: number, perPart: number): SmsSegments {
  return { encoding, units, segments: units <= single ? 1 : Math.ceil(units / perPart) };
}
