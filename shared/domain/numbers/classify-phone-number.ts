/**
 * Our own classifier of international numbers in the served numbering plans: validity, territory and number type,
 * decided exactly as libphonenumber-js (`max` metadata) decides them for `+<calling code><digits>` input, from compact
 * plans generated at synth (lib/phone-metadata.ts). libphonenumber-js itself is a build-time and test-time tool only:
 * its parser (~38 KB minified) is not in any bundle. test/domain/numbers/classify-phone-number.test.ts holds it to
 * libphonenumber-js as an oracle. Each step names the libphonenumber-js function it mirrors.
 */

/** Number types as libphonenumber-js names them (its `PhoneNumberType`). */
export type PhoneNumberType =
  | 'FIXED_LINE'
  | 'MOBILE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'PREMIUM_RATE'
  | 'TOLL_FREE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL';

type Letter =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z';

/** A territory as libphonenumber-js names it: ISO 3166-1 alpha-2 (`GB`, `GG`, `US`), or its `AC`, `TA`, `XK`. */
export type PhoneCountry = `${Letter}${Letter}`;

/** A type's `[pattern, lengths?]` (no lengths: the territory's), 0 where the plan has none, 1 for the main territory's. */
type TypeEntry = [string, number[]?] | 0 | 1;

/** One territory's plan (lib/phone-metadata.ts `TerritoryPlan`). */
export interface TerritoryPlan {
  country?: PhoneCountry;
  leadingDigits?: string;
  pattern: string;
  lengths: number[];
  types?: TypeEntry[];
}

/** One calling code's plans (lib/phone-metadata.ts `CallingCodePlan`): the main territory first. */
export interface CallingCodePlan {
  nationalPrefixForParsing?: string;
  nationalPrefixTransformRule?: string;
  territories: TerritoryPlan[];
}

/** What lib/phone-metadata.ts generates for a set of served calling codes. */
export interface PhonePlans {
  plans: Record<string, CallingCodePlan>;
  /** Every assigned country calling code, served or not, shortest first. */
  allCallingCodes: string[];
}

export interface PhoneNumberClassification {
  /** The number in E.164 as libphonenumber-js writes it: a trunk prefix written after the calling code is dropped. */
  e164: string;
  valid: boolean;
  /** The territory, when the digits place it in one (always, for a calling code of one territory). */
  country?: PhoneCountry;
  type?: PhoneNumberType;
}

/** The order of type entries in a plan (libphonenumber-js metadata order; lib/phone-metadata.ts PHONE_PLAN_TYPES). */
const TYPE_INDEX = {
  FIXED_LINE: 0,
  MOBILE: 1,
  TOLL_FREE: 2,
  PREMIUM_RATE: 3,
  PERSONAL_NUMBER: 4,
  VOICEMAIL: 5,
  UAN: 6,
  PAGER: 7,
  VOIP: 8,
  SHARED_COST: 9,
} as const;
type PlanType = keyof typeof TYPE_INDEX;

/** Checked after fixed line, in this order (libphonenumber-js getNumberType NON_FIXED_LINE_PHONE_TYPES). */
const NON_FIXED_LINE_TYPES: readonly PlanType[] = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

/** libphonenumber-js MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN. */
const NATIONAL_NUMBER_LENGTH = { min: 2, max: 17 };

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = new RegExp(source);
    compiled.set(source, pattern);
  }
  return pattern;
}

/** libphonenumber-js matchesEntirely. */
function matchesEntirely(text: string, pattern: string): boolean {
  return regex(`^(?:${pattern})$`).test(text);
}

/**
 * Classifies `+<callingCode><rest>` in its calling code's plan, as libphonenumber-js `parsePhoneNumberFromString` then
 * `isValid()`, `.country`, `getType()` and `.number` do. Undefined where libphonenumber-js parses no number at all.
 */
export function classifyPhoneNumber(
  plan: CallingCodePlan,
  callingCode: string,
  rest: string,
): PhoneNumberClassification | undefined {
  if (rest === '') return undefined;
  const nationalNumber = extractNationalNumber(rest, plan);
  const country = countryOf(nationalNumber, plan);
  if (nationalNumber.length < NATIONAL_NUMBER_LENGTH.min || nationalNumber.length > NATIONAL_NUMBER_LENGTH.max)
    return undefined;
  // isValid and getType read the territory's plan, or the calling code's main one when no territory was found.
  const territory = territoryPlan(plan, country);
  const type = numberType(nationalNumber, territory, plan);
  const valid = territory.types ? type !== undefined : matchesEntirely(nationalNumber, territory.pattern);
  return {
    e164: `+${callingCode}${nationalNumber}`,
    valid,
    ...(country ? { country } : {}),
    ...(type ? { type } : {}),
  };
}

function mainTerritory(plan: CallingCodePlan): TerritoryPlan {
  const main = plan.territories[0];
  if (!main) throw new Error('a calling code plan without a territory');
  return main;
}

function territoryPlan(plan: CallingCodePlan, country: PhoneCountry | undefined): TerritoryPlan {
  return (country && plan.territories.find((territory) => territory.country === country)) || mainTerritory(plan);
}

/**
 * libphonenumber-js extractNationalNumber (with extractNationalNumberFromPossiblyIncompleteNumber): the main territory's
 * national prefix for parsing is stripped from international input too, unless that makes a number that fit the main
 * pattern stop fitting it, or leaves too few digits for the territory it then falls in.
 */
function extractNationalNumber(digits: string, plan: CallingCodePlan): string {
  const prefixForParsing = plan.nationalPrefixForParsing;
  if (!prefixForParsing) return digits;
  const prefix = regex(`^(?:${prefixForParsing})`);
  const match = prefix.exec(digits);
  if (!match) return digits;
  // libphonenumber-js looks at the last capturing group only.
  const capturedGroups = match.length - 1;
  const captured = capturedGroups > 0 && Boolean(match[capturedGroups]);
  const nationalNumber =
    plan.nationalPrefixTransformRule && captured
      ? digits.replace(prefix, plan.nationalPrefixTransformRule)
      : digits.slice(match[0].length);
  if (nationalNumber === digits) return digits;
  const main = mainTerritory(plan);
  if (matchesEntirely(digits, main.pattern) && !matchesEntirely(nationalNumber, main.pattern)) return digits;
  const lengths = territoryPlan(plan, countryOf(nationalNumber, plan)).lengths;
  return isPossibleIncompleteLength(nationalNumber.length, lengths) ? nationalNumber : digits;
}

/** libphonenumber-js checkNumberLength, read as isPossibleIncompleteNationalNumber reads it: too long still passes. */
function isPossibleIncompleteLength(length: number, lengths: readonly number[]): boolean {
  const [shortest, longest] = [lengths[0] ?? 0, lengths[lengths.length - 1] ?? 0];
  if (length === shortest) return true;
  if (length < shortest) return false;
  if (length > longest) return true;
  return lengths.includes(length);
}

/**
 * libphonenumber-js getCountryByCallingCode and getCountryByNationalNumber: the only territory of a calling code; or the
 * first, in metadata order, whose leading digits start the number, or (having none) whose plan gives the number a type.
 */
function countryOf(nationalNumber: string, plan: CallingCodePlan): PhoneCountry | undefined {
  const { territories } = plan;
  if (territories.length === 1) return territories[0]?.country;
  for (const territory of territories) {
    if (territory.leadingDigits) {
      if (nationalNumber && nationalNumber.search(regex(territory.leadingDigits)) === 0) return territory.country;
    } else if (numberType(nationalNumber, territory, plan)) {
      return territory.country;
    }
  }
  return undefined;
}

/** libphonenumber-js getNumberType. */
function numberType(
  nationalNumber: string,
  territory: TerritoryPlan,
  plan: CallingCodePlan,
): PhoneNumberType | undefined {
  if (!matchesEntirely(nationalNumber, territory.pattern)) return undefined;
  if (isNumberOfType(nationalNumber, 'FIXED_LINE', territory, plan)) {
    const mobile = typeEntry('MOBILE', territory, plan);
    // An empty mobile pattern marks one dropped as a duplicate of the fixed-line pattern (the NANP's).
    if (!mobile || mobile[0] === '') return 'FIXED_LINE_OR_MOBILE';
    return isNumberOfType(nationalNumber, 'MOBILE', territory, plan) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  return NON_FIXED_LINE_TYPES.find((type) => isNumberOfType(nationalNumber, type, territory, plan));
}

function typeEntry(type: PlanType, territory: TerritoryPlan, plan: CallingCodePlan): [string, number[]?] | undefined {
  const entry = territory.types?.[TYPE_INDEX[type]];
  const resolved = entry === 1 ? mainTerritory(plan).types?.[TYPE_INDEX[type]] : entry;
  return Array.isArray(resolved) ? resolved : undefined;
}

/** libphonenumber-js isNumberTypeEqualTo. */
function isNumberOfType(nationalNumber: string, type: PlanType, territory: TerritoryPlan, plan: CallingCodePlan) {
  const entry = typeEntry(type, territory, plan);
  if (!entry?.[0]) return false;
  const lengths = entry[1] || territory.lengths;
  if (!lengths.includes(nationalNumber.length)) return false;
  return matchesEntirely(nationalNumber, entry[0]);
}
