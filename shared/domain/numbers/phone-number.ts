import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A phone number in E.164 form (`+447476955179`). Only `normalizePhoneNumber` makes one. */
export type E164 = string & { readonly __brand: 'E164' };

/**
 * The one normaliser for every number that enters the system.
 * `447476955179`, `+447476955179` and `+44 7476 955179` all become `+447476955179`.
 * Returns undefined for anything that is not a valid international number.
 */
export function normalizePhoneNumber(raw: string | undefined | null): E164 | undefined {
  if (typeof raw !== 'string') return undefined;
  const compact = raw.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return undefined;
  const parsed = parsePhoneNumberFromString(compact.startsWith('+') ? compact : `+${compact}`);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number as E164;
}

// Twilio spells withheld caller IDs as keypad digits: ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE.
const SPELLED_WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);
const WITHHELD_WORDS = new Set(['', 'anonymous', 'unknown', 'restricted', 'private', 'blocked', 'unavailable']);

/** True when the caller hid their number, in any of the ways Twilio reports it. */
export function isWithheldCallerId(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string') return true;
  const trimmed = raw.trim();
  if (WITHHELD_WORDS.has(trimmed.toLowerCase())) return true;
  const digits = trimmed.replace(/[^\d]/g, '');
  return SPELLED_WITHHELD_NUMBERS.has(`+${digits}`);
}

/** A caller we may text back: not withheld and a valid number. */
export function textableCallerNumber(raw: string | undefined | null): E164 | undefined {
  return isWithheldCallerId(raw) ? undefined : normalizePhoneNumber(raw);
}

/** For logs: keeps the last 4 digits only (`+447476955179` -> `***5179`). */
export function maskPhoneNumber(raw: string | undefined | null): string {
  if (typeof raw !== 'string' || raw.length === 0) return '(none)';
  const digits = raw.replace(/\D/g, '');
  if (digits.length <= 4) return '***';
  return `***${digits.slice(-4)}`;
}
