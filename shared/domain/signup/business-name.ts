import { acceptsNameCharacter } from '../../business-name-repertoire';

/** What a business name becomes: the cleaned name, or why it is refused. */
export type BusinessNameCheck = { ok: true; name: string } | { ok: false; reason: BusinessNameRefusal };

export type BusinessNameRefusal =
  | 'length'
  | 'link'
  | 'email'
  | 'phone-number'
  | 'invisible'
  | 'mixed-script'
  | 'characters'
  | 'too-close';

export const BUSINESS_NAME_MIN = 2;
export const BUSINESS_NAME_MAX = 40;

// XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; a lone surrogate is
// no character at all. Tabs and line breaks become spaces (a name is one line), every other control character goes.
export const LINE_CONTROLS = /[\t\n\r\u2028\u2029]+/g;
export const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
  /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Characters that show nothing, used to hide or disguise text: every Default_Ignorable_Code_Point (zero-width and
// direction controls, tag characters, variation selectors, Hangul fillers), every format character, and the braille
// blank. Refused, not removed: a name that needs hiding is not a name.
export const INVISIBLE = /[\p{DI}\p{Cf}\u2800]/u;
// A letter of a script other than Latin (by Script_Extensions, TS #39; Zyyy Common, Zinh Inherited), next to Latin
// letters: "Аce" with a Cyrillic А.
const LATIN = /[\p{sc=Latn}]/u;
const NOT_WITH_LATIN = /[^\p{scx=Latn}\p{scx=Zyyy}\p{scx=Zinh}]/u;

export const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.|[\p{L}\p{N}-]+\.(?:[a-z]{2,}|xn--[a-z0-9-]+)(?:[/:?#]|\b))/iu;
export const EMAIL = /[^\s@]+@[^\s@]+/u;
/** Seven or more digits in one run, allowing the separators people write phone numbers with. */
export const PHONE = /\+?\d(?:[\s().-]*\d){6,}/u;

/**
 * Cleans a business name and decides whether it may be used: it goes into every text-back and owner alert, so it must
 * not carry a link, an address or a number to call (a spoofed "FREE PRIZE txt CLAIM to evil.example"), nor anything a
 * phone or our TwiML cannot show, nor imitate another business. NFKC first, so full-width digits and dots meet the
 * phone and link rules as the ASCII they look like; the stored name is the normalised one. Then: nothing invisible,
 * one script (TS #39 "Highly Restrictive", narrowed to Latin with the Common and Inherited characters of
 * shared/business-name-repertoire.ts, the set the name skeleton is exact for). The look-alike rule ("too-close") needs
 * the other businesses' names: see nameSkeleton and the directory's name claims.
 */
export function checkBusinessName(raw: string): BusinessNameCheck {
  const normalised = raw.replace(LINE_CONTROLS, ' ').replace(FORBIDDEN, '').normalize('NFKC');
  if (INVISIBLE.test(normalised)) return { ok: false, reason: 'invisible' };
  const name = normalised.replace(/\s+/gu, ' ').trim();
  const characters = [...name];
  if (characters.length < BUSINESS_NAME_MIN || characters.length > BUSINESS_NAME_MAX)
    return { ok: false, reason: 'length' };
  if (EMAIL.test(name)) return { ok: false, reason: 'email' };
  if (LINK.test(name)) return { ok: false, reason: 'link' };
  if (PHONE.test(name)) return { ok: false, reason: 'phone-number' };
  if (LATIN.test(name) && NOT_WITH_LATIN.test(name)) return { ok: false, reason: 'mixed-script' };
  if (!characters.every(acceptsNameCharacter)) return { ok: false, reason: 'characters' };
  return { ok: true, name };
}
