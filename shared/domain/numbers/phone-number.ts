import {
  type CallingCodePlan,
  classifyPhoneNumber,
  type PhoneCountry,
  type PhoneNumberType,
  type PhonePlans,
} from './classify-phone-number';

export type { PhoneCountry, PhoneNumberType } from './classify-phone-number';

/** A phone number in E.164 form (`+447476955179`). Only `normalizePhoneNumber` makes one. */
export type E164 = string & { readonly __brand: 'E164' };

// Each bundle gets its environment's served plans as a JSON string through an esbuild define (lib/phone-metadata.ts), so it
// carries no other country's plans; unbundled (tests, `npm start`, the admin CLI) the committed default subset is read.
declare const SERVED_PHONE_METADATA: string | undefined;
const PHONE_PLANS: PhonePlans =
  typeof SERVED_PHONE_METADATA === 'string'
    ? JSON.parse(SERVED_PHONE_METADATA)
    : require('./phone-metadata.default.json');

/** The calling codes (digits, no `+`) whose numbering plans this deployment validates and types: a destination policy may text only these. */
export const SERVED_CALLING_CODES: readonly string[] = Object.keys(PHONE_PLANS.plans);
const SERVED = new Map<string, CallingCodePlan>(Object.entries(PHONE_PLANS.plans));

// Twilio spells withheld caller IDs as keypad digits: ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE.
const SPELLED_WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

/** Calling codes are prefix-free (ITU E.164), so at most one of the 1-3 digit prefixes is assigned. */
function callingCodeOf(digits: string): string | undefined {
  return PHONE_PLANS.allCallingCodes.find((code) => digits.startsWith(code));
}

/**
 * The one normaliser for every number that enters the system.
 * `447476955179`, `+447476955179` and `+44 7476 955179` all become `+447476955179`.
 * A number of a served calling code must be valid in its plan. Any other number only has to be plausible (an assigned
 * calling code, 8-15 digits): it is still stored, logged masked and forwarded, and `describePhoneNumber` marks it not served.
 * Returns undefined for anything else.
 */
export function normalizePhoneNumber(raw: string | undefined | null): E164 | undefined {
  if (typeof raw !== 'string') return undefined;
  const compact = raw.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return undefined;
  const digits = compact.startsWith('+') ? compact.slice(1) : compact;
  // Twilio's keypad spellings of "withheld" are not numbers, whatever country they seem to dial.
  if (SPELLED_WITHHELD_NUMBERS.has(`+${digits}`)) return undefined;
  const callingCode = callingCodeOf(digits);
  if (callingCode === undefined) return undefined;
  const plan = SERVED.get(callingCode);
  if (!plan) return /^[1-9]\d{7,14}$/.test(digits) ? (`+${digits}` as E164) : undefined;
  const classified = classifyPhoneNumber(plan, callingCode, digits.slice(callingCode.length));
  // A trunk prefix written after the calling code (`+44 0 7911…`) is dropped, as libphonenumber-js drops it.
  return classified?.valid ? (classified.e164 as E164) : undefined;
}

/** What a destination policy needs to know of a number; `country` and `type` only for a served one. */
export interface PhoneNumberDescription {
  /** Its calling code is one this deployment serves (validated with number types; the only ones it may text). */
  served: boolean;
  /** Digits, no `+` (`44` for GB, GG, IM and JE alike). */
  callingCode: string;
  /** The territory within the calling code (`GG` for a Guernsey mobile on +44); none for a non-geographic plan. */
  country?: PhoneCountry;
  type?: PhoneNumberType;
}

/** Classifies a normalised number: served or not, and for a served one its territory and number type. */
export function describePhoneNumber(number: E164): PhoneNumberDescription {
  const digits = number.slice(1);
  const callingCode = callingCodeOf(digits);
  // Only normalizePhoneNumber makes an E164, and it refuses unassigned calling codes.
  if (callingCode === undefined)
    throw new Error(`not an E.164 number with an assigned calling code: ${maskPhoneNumber(number)}`);
  const plan = SERVED.get(callingCode);
  if (!plan) return { served: false, callingCode };
  const classified = classifyPhoneNumber(plan, callingCode, digits.slice(callingCode.length));
  return {
    served: true,
    callingCode,
    ...(classified?.country ? { country: classified.country } : {}),
    ...(classified?.type ? { type: classified.type } : {}),
  };
}

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

/**
 * A candidate phone number inside free text: an international number (`+44 7911 123456`, `+1 (415) 555-0100`), a bare
 * run of 8-15 digits (`447911123456`), or a national number with a trunk 0 (`07911 123456`). Never glued to letters or
 * digits, so SIDs (`SM0123…`), Twilio's 5-digit error codes (21211) and dates (2026-11-30) are left alone.
 */
const PHONE_IN_TEXT = /(?<![\w+])(?:\+\d[\d\s().-]{5,22}\d|\(?0\d[\d\s()-]{7,14}\d|\d{8,15})(?![\w])/g;

/**
 * For logs: masks every phone number inside a free text, such as an error message from Twilio ("The 'To' number
 * +447911123456 is not a valid phone number.") or DynamoDB, the way `maskPhoneNumber` masks a field (`***3456`).
 */
export function maskPhoneNumbersIn(text: string): string {
  return text.replace(PHONE_IN_TEXT, (candidate) => {
    const digits = candidate.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 ? maskPhoneNumber(candidate) : candidate;
  });
}
