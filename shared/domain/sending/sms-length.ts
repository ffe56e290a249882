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
 * alone, 67 per part). Twilio bills per segment. As ranges: space to `_` and `a` to `~` are all GSM (basic or
 * extension); the backtick is not.
 */
const NOT_GSM = /[^\n\r\f -_a-~£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]/u;
/** The extension characters, two septets each: `[\]^`, `{|}~`, the euro sign and the form feed. */
const GSM_EXTENSION = /[\f[-^{-~€]/gu;

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** The first character outside the GSM alphabet: the one that makes a text UCS-2 and doubles its cost. */
export function ucs2CharacterIn(body: string): string | undefined {
  return NOT_GSM.exec(body)?.[0];
}

export function smsSegments(body: string): SmsSegments {
  if (ucs2CharacterIn(body) !== undefined) return split('UCS-2', body.length, 70, 67);
  // Every GSM character is one UTF-16 code unit.
  return split('GSM-7', body.length + (body.match(GSM_EXTENSION)?.length ?? 0), 160, 153);
}

function split(encoding: SmsSegments['encoding'], units: number, single: number, perPart: number): SmsSegments {
  return { encoding, units, segments: units <= single ? 1 : Math.ceil(units / perPart) };
}
