import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { DEFAULT_SERVED_CALLING_CODES, ENVIRONMENTS } from '../../lib/environments';
import {
  DEFAULT_PHONE_METADATA_FILE,
  defaultPhoneMetadataJson,
  phoneMetadataDefine,
  servedPhoneMetadata,
} from '../../lib/phone-metadata';
import { PROJECT_ROOT } from '../../lib/service-function';

describe('the served phone metadata, generated from libphonenumber-js max', () => {
  const served = servedPhoneMetadata(DEFAULT_SERVED_CALLING_CODES);

  it('holds every territory of the served calling codes and no other', () => {
    expect(served.metadata.country_calling_codes).toEqual({
      1: expect.arrayContaining(['US', 'CA', 'PR', 'JM']),
      44: ['GB', 'GG', 'IM', 'JE'],
      61: ['AU', 'CC', 'CX'],
      353: ['IE'],
    });
    expect(Object.keys(served.metadata.countries).sort()).toEqual(
      Object.values(served.metadata.country_calling_codes).flat().sort(),
    );
    expect(served.metadata.nonGeographic).toEqual({});
  });

  it('keeps the number types (min metadata has none)', () => {
    const type = (number: string) => parsePhoneNumberFromString(number, served.metadata)?.getType();
    expect([type('+447781123456'), type('+447797712345'), type('+447624123456')]).toEqual([
      'MOBILE',
      'MOBILE',
      'MOBILE',
    ]);
    expect(type('+14155552671')).toBe('FIXED_LINE_OR_MOBILE');
    expect(type('+449098790000')).toBe('PREMIUM_RATE');
  });

  it('cannot validate a number of a plan it does not serve', () => {
    expect(parsePhoneNumberFromString('+33612345678', served.metadata)?.isValid() ?? false).toBe(false);
  });

  it('is about 25 KB, against ~145 KB for all of max', () => {
    expect(JSON.stringify(served).length).toBeLessThan(27_000);
  });

  it('lists every assigned calling code, so a number from elsewhere still gets one', () => {
    expect(served.allCallingCodes).toEqual(expect.arrayContaining(['1', '7', '33', '49', '353', '800', '881']));
  });

  it('takes a non-geographic code (+881 satellite) as a plan of its own', () => {
    const satellite = servedPhoneMetadata(['881']);
    expect(Object.keys(satellite.metadata.nonGeographic)).toEqual(['881']);
    expect(parsePhoneNumberFromString('+881612345678', satellite.metadata)?.isValid()).toBe(true);
  });

  it.each(['+44', '044', '999', ''])('refuses %p, which is not a calling code, so a typo stops the synth', (code) => {
    expect(() => servedPhoneMetadata([code])).toThrow(/not a country calling code/);
  });

  it('is committed for the default codes exactly as a fresh generation (npm run phone-metadata rewrites it)', () => {
    expect(readFileSync(join(PROJECT_ROOT, DEFAULT_PHONE_METADATA_FILE), 'utf8')).toBe(defaultPhoneMetadataJson());
  });

  it('every environment serves at least one plan', () => {
    for (const settings of Object.values(ENVIRONMENTS)) {
      expect(settings.servedCallingCodes.length).toBeGreaterThan(0);
      expect(() => servedPhoneMetadata(settings.servedCallingCodes)).not.toThrow();
    }
  });
});

describe('a bundle built with the define', () => {
  /** Bundles the phone module as the stack does (the define, minified) for an environment serving only +44, and loads it. */
  async function bundlePhoneModule(codes: readonly string[]) {
    const result = await build({
      entryPoints: [join(PROJECT_ROOT, 'shared/domain/numbers/phone-number.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      write: false,
      metafile: true,
      define: phoneMetadataDefine(codes),
      absWorkingDir: PROJECT_ROOT,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const module = { exports: {} as typeof import('../../shared/domain/numbers/phone-number') };
    runInNewContext(code, { module, exports: module.exports, require });
    return { code, inputs: Object.keys(result.metafile.inputs), phone: module.exports };
  }

  it('serves only its codes and carries no other metadata', async () => {
    const { inputs, phone } = await bundlePhoneModule(['44']);
    expect(inputs.filter((input) => /metadata\.\w+\.json|phone-metadata\.default\.json/.test(input))).toEqual([]);
    expect(phone.SERVED_CALLING_CODES).toEqual(['44']);
    expect(phone.describePhoneNumber(phone.normalizePhoneNumber('+447781123456')!)).toEqual({
      served: true,
      callingCode: '44',
      country: 'GG',
      type: 'MOBILE',
    });
  });

  it('still normalises a number of a plan it does not serve, marked not served', async () => {
    const { phone } = await bundlePhoneModule(['44']);
    const us = phone.normalizePhoneNumber('+1 415 555 2671');
    expect(us).toBe('+14155552671');
    expect(phone.describePhoneNumber(us!)).toEqual({ served: false, callingCode: '1' });
  });
});
