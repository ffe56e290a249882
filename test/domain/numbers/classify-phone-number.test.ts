import fc from 'fast-check';
import {
  type CountryCode,
  getExampleNumber,
  type PhoneNumberType as LibphonenumberType,
  type MetadataJson,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { servedPhoneMetadata, servedPhonePlans } from '../../../lib/phone-metadata';
import {
  classifyPhoneNumber,
  type PhoneCountry,
  type PhoneNumberType,
  type PhonePlans,
} from '../../../shared/domain/numbers/classify-phone-number';
import {
  describePhoneNumber,
  type E164,
  normalizePhoneNumber,
  SERVED_CALLING_CODES,
} from '../../../shared/domain/numbers/phone-number';

// The oracle: libphonenumber-js with its full `max` metadata, as phone-number.ts used it before it had a classifier of
// its own. Ours must say exactly what it says of every international number: parsed or not, valid or not, the E.164 it
// writes, the territory and the number type.
const MAX = maxMetadata as MetadataJson;
/** PHONE_ORACLE_RUNS=50 for a long run (400,000 numbers) after a libphonenumber-js update or a classifier change. */
const RUNS = Number(process.env.PHONE_ORACLE_RUNS ?? 1);
/** A few seconds each alone; generous for a loaded machine. */
const TIMEOUT = 120_000 * RUNS;

function oracle(digits: string) {
  const parsed = parsePhoneNumberFromString(`+${digits}`, MAX);
  if (!parsed) return undefined;
  return { e164: parsed.number as string, valid: parsed.isValid(), country: parsed.country, type: parsed.getType() };
}

/** A plan as libphonenumber-js metadata stores it (positions: libphonenumber-js/source/metadata.js). */
type RawPlan = unknown[];
const rawCountries = MAX.countries as unknown as Record<string, RawPlan>;
const rawNonGeographic = MAX.nonGeographic as unknown as Record<string, RawPlan>;
const ALL_CALLING_CODES = servedPhoneMetadata([]).allCallingCodes;

function territoriesOf(callingCode: string): Array<{ country?: string; plan: RawPlan }> {
  const countries = MAX.country_calling_codes[callingCode];
  if (countries) return countries.map((country) => ({ country, plan: rawCountries[country] as RawPlan }));
  return [{ plan: rawNonGeographic[callingCode] as RawPlan }];
}

const digitString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const matching = (pattern: string) => fc.stringMatching(new RegExp(`^(?:${pattern})$`));

/**
 * National parts of numbers for one calling code, so that valid numbers are common, not rare: numbers drawn from every
 * territory's national and per-type patterns and its leading digits, the example mobile numbers, and random digit
 * strings of every length a national number can have; some written with the trunk prefix (what libphonenumber-js's
 * national prefix for parsing matches, e.g. `0`, `1`, `1831`, or an Antiguan 7-digit local number), and some mutated
 * by one digit (changed, dropped or added) so the edges of each pattern are reached.
 */
function nationalParts(callingCode: string): fc.Arbitrary<string> {
  const territories = territoriesOf(callingCode);
  const patterns = [
    ...new Set(
      territories.flatMap(({ plan }) => [
        plan[2] as string,
        ...((plan[11] as Array<[string] | 0> | undefined) ?? []).map((type) => (type ? type[0] : '')),
      ]),
    ),
  ].filter(Boolean);
  const leadingDigits = territories.map(({ plan }) => plan[10]).filter((ld): ld is string => typeof ld === 'string');
  const exampleNumbers = territories
    .map(({ country }) => country && getExampleNumber(country as CountryCode, examples, MAX)?.nationalNumber)
    .filter((n): n is string => typeof n === 'string' && n.length > 0);
  const sources: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.constantFrom(...patterns).chain(matching), weight: 6 },
    { arbitrary: digitString(0, 17), weight: 2 },
  ];
  if (leadingDigits.length > 0)
    sources.push({
      arbitrary: fc
        .tuple(fc.constantFrom(...leadingDigits).chain(matching), digitString(0, 10))
        .map(([lead, tail]) => lead + tail),
      weight: 1,
    });
  if (exampleNumbers.length > 0) sources.push({ arbitrary: fc.constantFrom(...exampleNumbers), weight: 1 });
  const national = fc.oneof(...sources);
  const main = territories[0]?.plan as RawPlan;
  const prefixForParsing = (main[7] || main[5]) as string | 0 | undefined;
  const written = prefixForParsing
    ? fc.oneof(
        { arbitrary: national, weight: 3 },
        {
          arbitrary: fc.tuple(matching(prefixForParsing), fc.oneof(national, fc.constant(''))).map(([p, n]) => p + n),
          weight: 1,
        },
      )
    : national;
  return fc
    .tuple(written, fc.constantFrom('as is', 'as is', 'change', 'drop', 'add'), fc.nat(), digitString(1, 1))
    .map(([digits, mutation, at, digit]) => {
      const i = digits.length === 0 ? 0 : at % digits.length;
      if (mutation === 'change') return digits.slice(0, i) + digit + digits.slice(i + 1);
      if (mutation === 'drop') return digits.slice(0, i) + digits.slice(i + 1);
      if (mutation === 'add') return digits.slice(0, i) + digit + digits.slice(i);
      return digits;
    });
}

const numbersOf = (callingCodes: readonly string[]) =>
  fc
    .constantFrom(...callingCodes)
    .chain((callingCode) => nationalParts(callingCode).map((rest) => ({ callingCode, rest })));

describe('our phone classifier, against libphonenumber-js max as the oracle', () => {
  it(
    'gives what libphonenumber-js gives (parsed, valid, E.164, territory, type) for every assigned calling code',
    () => {
      // Through JSON, as a bundle receives its plans.
      const everyPlan: PhonePlans = JSON.parse(JSON.stringify(servedPhonePlans(ALL_CALLING_CODES)));
      fc.assert(
        fc.property(numbersOf(ALL_CALLING_CODES), ({ callingCode, rest }) => {
          const plan = everyPlan.plans[callingCode];
          if (!plan) throw new Error(`no plan generated for +${callingCode}`);
          expect(classifyPhoneNumber(plan, callingCode, rest)).toEqual(oracle(callingCode + rest));
        }),
        { numRuns: 4_000 * RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'normalizes a number of a served calling code exactly as libphonenumber-js validates and writes it',
    () => {
      fc.assert(
        fc.property(numbersOf(SERVED_CALLING_CODES), fc.boolean(), ({ callingCode, rest }, withPlus) => {
          const digits = callingCode + rest;
          const expected = digits.length >= 6 && digits.length <= 15 ? oracle(digits) : undefined;
          expect(normalizePhoneNumber(`${withPlus ? '+' : ''}${digits}`)).toBe(
            expected?.valid ? expected.e164 : undefined,
          );
        }),
        { numRuns: 2_000 * RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'describes a number of a served calling code with the territory and type libphonenumber-js gives it',
    () => {
      fc.assert(
        fc.property(numbersOf(SERVED_CALLING_CODES), ({ callingCode, rest }) => {
          const expected = oracle(callingCode + rest);
          expect(describePhoneNumber(`+${callingCode}${rest}` as E164)).toEqual({
            served: true,
            callingCode,
            ...(expected?.country ? { country: expected.country } : {}),
            ...(expected?.type ? { type: expected.type } : {}),
          });
        }),
        { numRuns: 2_000 * RUNS },
      );
    },
    TIMEOUT,
  );

  it('is fed valid numbers of every served territory and of every type its plans have, not just invalid ones', () => {
    const samples = fc.sample(numbersOf(SERVED_CALLING_CODES), { numRuns: 5_000, seed: 20261130 });
    const valid = samples.map(({ callingCode, rest }) => oracle(callingCode + rest)).filter((o) => o?.valid);
    const served = SERVED_CALLING_CODES.flatMap((code) => MAX.country_calling_codes[code] ?? []);
    expect(valid.length).toBeGreaterThan(samples.length / 3);
    expect(new Set(valid.map((o) => o?.country))).toEqual(new Set(served));
    const everyType: PhoneNumberType[] = [
      'FIXED_LINE',
      'MOBILE',
      'FIXED_LINE_OR_MOBILE',
      'PREMIUM_RATE',
      'TOLL_FREE',
      'SHARED_COST',
      'VOIP',
      'PERSONAL_NUMBER',
      'PAGER',
      'UAN',
      'VOICEMAIL',
    ];
    expect(new Set(valid.map((o) => o?.type))).toEqual(new Set(everyType));
  });

  it('names types and territories as libphonenumber-js does', () => {
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    const sameTypes: Same<PhoneNumberType, LibphonenumberType> = true;
    const everyCountryFits: [CountryCode] extends [PhoneCountry] ? true : false = true;
    expect([sameTypes, everyCountryFits]).toEqual([true, true]);
  });
});
