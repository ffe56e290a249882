/**
 * Issue 19: the language a business speaks to its customers (callers and texters): `LANGUAGE es|en`, admin
 * `clients set-language`, or the seed's `"language"`. Unset is English. Owner-facing texts stay English.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function parseLanguage(value: unknown): Language | undefined {
  return LANGUAGES.find((language) => language === value);
}

/** The business's language; English when it has none. */
export function languageOf(client: { language?: Language }): Language {
  return client.language ?? 'en';
}

/** For an answer a caller hears: the language only when it is not English, so English answers stay as they were. */
export function spokenIn(client: { language?: Language }): { language?: Language } {
  return client.language && client.language !== 'en' ? { language: client.language } : {};
}
