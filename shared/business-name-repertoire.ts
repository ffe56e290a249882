/**
 * Every character a business name may hold once NFKC-normalised (shared/domain/signup/business-name.ts): printable
 * ASCII, the Latin-1 Supplement and Latin Extended-A and -B (U+00A0-U+024F), Latin Extended Additional
 * (U+1E00-U+1EFF), the combining diacritical marks their decompositions use (U+0300-U+036F), and the typographic
 * quotes, dashes, bullet and euro sign phones type. That is the Latin script plus the Common and Inherited characters
 * a name needs, and nothing else: the confusables table the name skeleton uses (lib/name-skeleton-table.ts) is
 * generated for exactly this set, so a skeleton is exact for every name accepted. Dependency-free: lib/ reads it at
 * generation time, the sign-up at run time.
 */
export const BUSINESS_NAME_REPERTOIRE =
  /^(?:[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]|[\u0300-\u036f])$/u;
