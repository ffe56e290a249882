// Printable ASCII, the Latin-1 punctuation and symbols, the typographic quotes, dashes, bullet and euro sign phones
// type, the combining diacritical marks, and the Latin letters of European languages that have no decomposition
// (Æ Ð Ø Þ ß æ ð ø þ Đ đ Ħ ħ ı Ł ł Ŋ ŋ Œ œ Ŧ ŧ).
const PLAIN =
  /^(?:[\x20-\x7e\u00a0-\u00bf\u00c6\u00d0\u00d7\u00d8\u00de\u00df\u00e6\u00f0\u00f7\u00f8\u00fe\u0110\u0111\u0126\u0127\u0131\u0141\u0142\u014a\u014b\u0152\u0153\u0166\u0167\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]|[\u0300-\u036f])$/u;
/** A Latin letter whose canonical decomposition is an ASCII letter with diacritics: é, ñ, ș, ơ, ạ... */
const ACCENTED_LATIN = /^[A-Za-z][\u0300-\u036f]+$/;

/**
 * Whether a business name may hold this character once NFKC-normalised (shared/domain/signup/business-name.ts): the
 * Latin script of European languages with the Common and Inherited characters a name needs, nothing else. The
 * confusables table of the name skeleton (lib/name-skeleton-table.ts) is generated for exactly this set, so a
 * skeleton is exact for every name accepted. Dependency-free: lib/ reads it at generation time, sign-up at run time.
 */
export function acceptsNameCharacter(character: string): boolean {
  return PLAIN.test(character) || ACCENTED_LATIN.test(character.normalize('NFD'));
}
