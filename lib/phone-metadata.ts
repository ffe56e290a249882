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

/** What the runtime phone module reads: the served numbering plans, and every calling code so other numbers are still told apart. */
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

/** The esbuild `define` that puts the served metadata (and no other) in a bundle: the value is a JS string literal of the JSON. */
export function phoneMetadataDefine(servedCallingCodes: readonly string[]): Record<string, string> {
  return { [PHONE_METADATA_DEFINE]: JSON.stringify(JSON.stringify(servedPhoneMetadata(servedCallingCodes))) };
}

function byCallingCode(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** Where the default subset is committed, for what runs unbundled (tests, `npm start`, the admin CLI); a test keeps it fresh. */
export const DEFAULT_PHONE_METADATA_FILE = 'shared/domain/numbers/phone-metadata.default.json';

export function defaultPhoneMetadataJson(): string {
  return `${JSON.stringify(servedPhoneMetadata(DEFAULT_SERVED_CALLING_CODES))}\n`;
}

// `npm run phone-metadata` rewrites the committed default after libphonenumber-js or the default codes change.
if (require.main === module) {
  writeFileSync(join(__dirname, '..', DEFAULT_PHONE_METADATA_FILE), defaultPhoneMetadataJson());
}
