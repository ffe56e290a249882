import { join } from 'node:path';
import { build } from 'esbuild';
import type { MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { DEFAULT_SERVED_CALLING_CODES } from '../../lib/environments';
import { PHONE_PLAN_TYPES, phoneMetadataDefine, servedPhonePlans } from '../../lib/phone-metadata';
import { PROJECT_ROOT } from '../../lib/service-function';

const MAX = maxMetadata as MetadataJson;

describe('the compact phone plans, generated at synth from libphonenumber-js max', () => {
  const plans = servedPhonePlans(DEFAULT_SERVED_CALLING_CODES);

  it('has a plan for each served calling code, its territories in libphonenumber-js order, the main one first', () => {
    expect(Object.keys(plans.plans).sort()).toEqual(['1', '353', '44', '61']);
    for (const [code, plan] of Object.entries(plans.plans)) {
      expect(plan.territories.map((territory) => territory.country)).toEqual(MAX.country_calling_codes[code]);
    }
  });

  it('keeps the trunk prefixes libphonenumber-js strips from international input, the main territory’s only', () => {
    expect(
      Object.fromEntries(Object.entries(plans.plans).map(([code, plan]) => [code, plan.nationalPrefixForParsing])),
    ).toEqual({ 1: '1', 44: '0|180020', 61: '(183[12])|0', 353: '0' });
    expect(Object.values(plans.plans).map((plan) => plan.nationalPrefixTransformRule)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps only what classification reads: no formats, IDD prefixes or formatting rules', () => {
    for (const plan of Object.values(plans.plans)) {
      expect(
        Object.keys(plan).every((key) =>
          /^(nationalPrefixForParsing|nationalPrefixTransformRule|territories)$/.test(key),
        ),
      ).toBe(true);
      for (const territory of plan.territories) {
        expect(Object.keys(territory).every((key) => /^(country|leadingDigits|pattern|lengths|types)$/.test(key))).toBe(
          true,
        );
        expect(territory.types?.length).toBeLessThanOrEqual(PHONE_PLAN_TYPES.length);
      }
    }
  });

  it('writes a type shared verbatim with the main territory as 1, and every other type as max has it', () => {
    const rawCountries = MAX.countries as unknown as Record<string, unknown[]>;
    let shared = 0;
    for (const plan of Object.values(plans.plans)) {
      const mainTypes = plan.territories[0]?.types ?? [];
      for (const territory of plan.territories) {
        const expanded = (territory.types ?? []).map((type, i) => (type === 1 ? mainTypes[i] : type));
        shared += (territory.types ?? []).filter((type) => type === 1).length;
        const raw = (rawCountries[territory.country as string]?.[11] ?? []) as unknown[];
        expect(expanded).toEqual(raw.slice(0, expanded.length).map((type) => type || 0));
        expect(raw.slice(expanded.length).every((type) => !type)).toBe(true);
      }
    }
    expect(shared).toBeGreaterThan(50);
  });

  it('is about 16 KB for the default codes, against ~24 KB of their cut max metadata and 38 KB of parser', () => {
    expect(JSON.stringify(plans).length).toBeLessThan(17_000);
  });

  it('takes a non-geographic code (+881 satellite) as one territory with no country', () => {
    expect(servedPhonePlans(['881']).plans['881']).toEqual({
      territories: [{ pattern: expect.any(String), lengths: [9, 10], types: expect.any(Array) }],
    });
  });

  it('is what the define inlines in a bundle', () => {
    expect(JSON.parse(JSON.parse(phoneMetadataDefine(['44']).SERVED_PHONE_METADATA as string))).toEqual(
      servedPhonePlans(['44']),
    );
  });

  it('are all of the phone module a bundle carries: no libphonenumber-js code, about 20 KB with our classifier', async () => {
    const result = await build({
      entryPoints: [join(PROJECT_ROOT, 'shared/domain/numbers/phone-number.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      write: false,
      metafile: true,
      define: phoneMetadataDefine(DEFAULT_SERVED_CALLING_CODES),
      absWorkingDir: PROJECT_ROOT,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(result.outputFiles[0]?.contents.length).toBeLessThan(21_000);
  });
});
