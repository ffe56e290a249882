import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { DEFAULT_SERVED_CALLING_CODES } from './environments';

/**
 * The identifier esbuild replaces, in every function bundle, with this environment's phone metadata as a JSON string.
 * shared/domain/numbers/phone-number.ts declares it by the same name (lib never imports runtime code; a test builds the module
 * with this define and checks the served codes follow it).
 */
export const PHONE_METADATA_DEFINE = 'SERVED_PHONE_METADATA';

/** The served calling codes' part of libphonenumber-js `max` metadata: what the compact plans are generated from (and an oracle's input). */
export interface ServedPhoneMetadata {
  /** libphonenumber-js `max` metadata (it has number types; `min` has none) cut down to the served calling codes. */
  metadata: MetadataJson;
  /** Every assigned country calling code, served or not, shortest first. */
  allCallingCodes: string[];
}

/**
 * Generated offline (at synth, from the libphonenumber-js in node_modules): the `max` metadata of every territory that
 * shares one of `servedCallingCodes` (+44: GB, GG, IM, JE; +1: US, CA and the NANP territories; +61: AU, CC, CX).
 * Throws for a code that is not a calling code, so a typo in the settings stops the synth.
 */
export function servedPhoneMetadata(servedCallingCodes: readonly string[]): ServedPhoneMetadata {
  const max = maxMetadata as MetadataJson;
  const countryCallingCodes: MetadataJson['country_calling_codes'] = {};
  const countries: MetadataJson['countries'] = {};
  const nonGeographic: MetadataJson['nonGeographic'] = {};
  for (const code of [...new Set(servedCallingCodes)].sort(byCallingCode)) {
    const territories = max.country_calling_codes[code];
    const international = max.nonGeographic[code];
    if (territories) {
      countryCallingCodes[code] = territories;
      for (const territory of territories) countries[territory] = max.countries[territory];
    } else if (international) {
      // Non-geographic codes (+800 freephone, +881 satellite...) have a plan of their own and no territory.
      nonGeographic[code] = international;
    } else {
      throw new Error(
        `served calling code ${JSON.stringify(code)} is not a country calling code (digits only, e.g. '44')`,
      );
    }
  }
  return {
    metadata: { version: max.version, country_calling_codes: countryCallingCodes, countries, nonGeographic },
    allCallingCodes: [...Object.keys(max.country_calling_codes), ...Object.keys(max.nonGeographic)].sort(byCallingCode),
  };
}

/**
 * What the runtime phone classifier (shared/domain/numbers/classify-phone-number.ts, which declares the same shape) reads:
 * per served calling code, only what deciding validity, territory and number type of an international number takes.
 */
export interface PhonePlans {
  /** By served calling code (digits, no `+`). */
  plans: Record<string, CallingCodePlan>;
  /** Every assigned country calling code, served or not, shortest first. */
  allCallingCodes: string[];
}

export interface CallingCodePlan {
  /**
   * The calling code's main territory's `national_prefix_for_parsing` (or its national prefix): libphonenumber-js strips it
   * from international input too (`+44 0 7911…` is `+447911…`), and only the main territory's.
   */
  nationalPrefixForParsing?: string;
  /** Its `national_prefix_transform_rule` (`+1 4xx xxxx` is an Antiguan `+1 268 4xx xxxx`). */
  nationalPrefixTransformRule?: string;
  /** In libphonenumber-js order, the main territory first; one without `country` for a non-geographic plan. */
  territories: TerritoryPlan[];
}

export interface TerritoryPlan {
  /** ISO 3166-1 alpha-2 (or libphonenumber's `AC`, `TA`, `XK`); absent for a non-geographic plan (+800, +881…). */
  country?: string;
  /** First digits that alone place a national number in this territory (checked before any pattern). */
  leadingDigits?: string;
  /** The national (significant) number pattern. */
  pattern: string;
  /** Possible national number lengths, ascending. */
  lengths: number[];
  /**
   * `[pattern, lengths?]` per number type in PHONE_PLAN_TYPES order (no lengths: the territory's), 0 where the plan has
   * none, 1 where it is the main territory's entry verbatim (the NANP's toll-free and premium-rate ranges, most of GG's,
   * CC's and CX's), trailing 0s dropped.
   */
  types?: Array<[string, number[]?] | 0 | 1>;
}

/** The order libphonenumber-js metadata lists number type patterns in, which the compact plans keep. */
export const PHONE_PLAN_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'PERSONAL_NUMBER',
  'VOICEMAIL',
  'UAN',
  'PAGER',
  'VOIP',
  'SHARED_COST',
] as const;

// Positions in a libphonenumber-js v4 metadata plan (libphonenumber-js/source/metadata.js, NumberingPlan).
const NATIONAL_NUMBER_PATTERN = 2;
const POSSIBLE_LENGTHS = 3;
const NATIONAL_PREFIX = 5;
const NATIONAL_PREFIX_FOR_PARSING = 7;
const NATIONAL_PREFIX_TRANSFORM_RULE = 8;
const LEADING_DIGITS = 10;
const TYPES = 11;

/** A plan as libphonenumber-js metadata stores it: a positional array (the typings name only some positions). */
type MetadataPlan = unknown[];

/**
 * Generated offline (at synth) from the served part of libphonenumber-js `max` metadata: the patterns, lengths and
 * prefixes classification reads, without the formats, IDD prefixes, examples and formatting rules it never reads.
 */
export function servedPhonePlans(servedCallingCodes: readonly string[]): PhonePlans {
  const { metadata, allCallingCodes } = servedPhoneMetadata(servedCallingCodes);
  if (metadata.version !== 4) throw new Error(`libphonenumber-js metadata version ${metadata.version}, expected 4`);
  const countryPlans = metadata.countries as unknown as Record<string, MetadataPlan>;
  const plans: Record<string, CallingCodePlan> = {};
  for (const [code, countries] of Object.entries(metadata.country_calling_codes)) {
    const territories = countries.map((country) => territoryPlan(countryPlans[country] as MetadataPlan, country));
    const [main, ...others] = territories as [TerritoryPlan, ...TerritoryPlan[]];
    for (const other of others) other.types = other.types?.map((type, i) => sameAs(type, main.types?.[i]));
    plans[code] = { ...prefixForParsing(countryPlans[countries[0] as string] as MetadataPlan), territories };
  }
  for (const [code, plan] of Object.entries(metadata.nonGeographic as unknown as Record<string, MetadataPlan>)) {
    plans[code] = { ...prefixForParsing(plan), territories: [territoryPlan(plan)] };
  }
  return { plans, allCallingCodes };
}

/** 1 for a type entry that is the main territory's verbatim (the runtime reads that one instead). */
function sameAs(
  entry: [string, number[]?] | 0 | 1,
  main: [string, number[]?] | 0 | 1 | undefined,
): [string, number[]?] | 0 | 1 {
  return Array.isArray(entry) && JSON.stringify(entry) === JSON.stringify(main) ? 1 : entry;
}

function prefixForParsing(raw: MetadataPlan): Omit<CallingCodePlan, 'territories'> {
  const prefix = raw[NATIONAL_PREFIX_FOR_PARSING] || raw[NATIONAL_PREFIX];
  const transform = raw[NATIONAL_PREFIX_TRANSFORM_RULE];
  return {
    ...(typeof prefix === 'string' && prefix ? { nationalPrefixForParsing: prefix } : {}),
    ...(typeof transform === 'string' && transform ? { nationalPrefixTransformRule: transform } : {}),
  };
}

function territoryPlan(raw: MetadataPlan, country?: string): TerritoryPlan {
  const leadingDigits = raw[LEADING_DIGITS];
  const types = (Array.isArray(raw[TYPES]) ? raw[TYPES] : []) as Array<[string, number[]?] | 0 | undefined>;
  const kept: Array<[string, number[]?] | 0 | 1> = types
    .slice(0, PHONE_PLAN_TYPES.length)
    .map((type) => (Array.isArray(type) ? type : 0));
  // A plan that lists types, even none, validates by them (libphonenumber-js hasTypes): at least one entry stays.
  while (kept.length > 1 && kept[kept.length - 1] === 0) kept.pop();
  return {
    ...(country ? { country } : {}),
    ...(typeof leadingDigits === 'string' && leadingDigits ? { leadingDigits } : {}),
    pattern: raw[NATIONAL_NUMBER_PATTERN] as string,
    lengths: raw[POSSIBLE_LENGTHS] as number[],
    ...(kept.length > 0 ? { types: kept } : {}),
  };
}

/** The esbuild `define` that puts the served plans (and no other) in a bundle: the value is a JS string literal of the JSON. */
export function phoneMetadataDefine(servedCallingCodes: readonly string[]): Record<string, string> {
  return { [PHONE_METADATA_DEFINE]: JSON.stringify(JSON.stringify(servedPhonePlans(servedCallingCodes))) };
}

function byCallingCode(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** Where the default subset is committed, for what runs unbundled (tests, `npm start`, the admin CLI); a test keeps it fresh. */
export const DEFAULT_PHONE_METADATA_FILE = 'shared/domain/numbers/phone-metadata.default.json';

export function defaultPhoneMetadataJson(): string {
  return `${JSON.stringify(servedPhonePlans(DEFAULT_SERVED_CALLING_CODES))}\n`;
}

// `npm run phone-metadata` rewrites the committed default after libphonenumber-js or the default codes change.
if (require.main === module) {
  writeFileSync(join(__dirname, '..', DEFAULT_PHONE_METADATA_FILE), defaultPhoneMetadataJson());
}
