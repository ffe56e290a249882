/** What a business name becomes: the cleaned name, or why it is refused. */
export type BusinessNameCheck =
  | { ok: true; name: string }
  | { ok: false; reason: 'length' | 'link' | 'email' | 'phone-number' };

export const BUSINESS_NAME_MIN = 2;
export const BUSINESS_NAME_MAX = 40;

// XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; a lone surrogate is
// no character at all. Tabs and line breaks become spaces (a name is one line), every other control character goes.
const LINE_CONTROLS = /[\t\n\r\u2028\u2029]+/g;
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
  /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Zero-width and direction controls: invisible, and used to disguise text.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.|[\p{L}\p{N}-]+\.(?:[a-z]{2,}|xn--[a-z0-9-]+)(?:[/:?#]|\b))/iu;
const EMAIL = /[^\s@]+@[^\s@]+/u;
/** Seven or more digits in one run, allowing the separators people write phone numbers with. */
const PHONE = /\+?\d(?:[\s().-]*\d){6,}/u;

/**
 * Cleans a business name and decides whether it may be used: it goes into every text-back and owner alert, so it must
 * not carry a link, an address or a number to call (a spoofed "FREE PRIZE txt CLAIM to evil.example"), nor anything a
 * phone or our TwiML cannot show.
 */
export function checkBusinessName(raw: string): BusinessNameCheck {
  const name = raw
    .replace(LINE_CONTROLS, ' ')
    .replace(FORBIDDEN, '')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const length = [...name].length;
  if (length < BUSINESS_NAME_MIN || length > BUSINESS_NAME_MAX) return { ok: false, reason: 'length' };
  if (EMAIL.test(name)) return { ok: false, reason: 'email' };
  if (LINK.test(name)) return { ok: false, reason: 'link' };
  if (PHONE.test(name)) return { ok: false, reason: 'phone-number' };
  return { ok: true, name };
}
