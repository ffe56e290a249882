import {
  isWithheldCallerId,
  maskPhoneNumber,
  maskPhoneNumbersIn,
  normalizePhoneNumber,
  textableCallerNumber,
} from '../../shared/domain/numbers/phone-number';
import { sid } from '../support/sid';

describe('normalizePhoneNumber', () => {
  it.each(['447476955179', '+447476955179', '+44 7476 955179', '+44 (7476) 955-179', ' +447476955179 '])(
    '%s is +447476955179',
    (raw) => {
      expect(normalizePhoneNumber(raw)).toBe('+447476955179');
    },
  );

  it.each([
    ['a US number', '14155552671', '+14155552671'],
    ['an Irish mobile', '+353 85 123 4567', '+353851234567'],
  ])('%s is normalised too', (_label, raw, expected) => {
    expect(normalizePhoneNumber(raw)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    '',
    'Anonymous',
    'client:alice',
    'sip:bob@example.com',
    '+4412',
    '+44747695517999999',
    '44-abc',
    '+266696687',
  ])('%p is not a valid number', (raw) => {
    expect(normalizePhoneNumber(raw)).toBeUndefined();
  });
});

describe('isWithheldCallerId', () => {
  it.each([
    '',
    '  ',
    'Anonymous',
    'anonymous',
    'Unknown',
    'UNKNOWN',
    'Restricted',
    '+266696687',
    '+7378742833',
    '+2562533',
    '+8656696',
    '+86282452253',
    '266696687',
  ])('%p is withheld', (raw) => {
    expect(isWithheldCallerId(raw)).toBe(true);
  });

  it('a real number is not withheld', () => {
    expect(isWithheldCallerId('+447911123456')).toBe(false);
  });
});

describe('textableCallerNumber', () => {
  it('is the E.164 number of a real caller', () => {
    expect(textableCallerNumber('447911123456')).toBe('+447911123456');
  });

  it.each(['Anonymous', '+266696687', 'garbage', ''])('is undefined for %p', (raw) => {
    expect(textableCallerNumber(raw)).toBeUndefined();
  });
});

describe('maskPhoneNumber', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhoneNumber('+447476955179')).toBe('***5179');
  });

  it.each([
    [undefined, '(none)'],
    ['', '(none)'],
    ['12', '***'],
  ])('masks %p as %p', (raw, expected) => {
    expect(maskPhoneNumber(raw)).toBe(expected);
  });
});

describe('maskPhoneNumbersIn', () => {
  it.each([
    [
      "The 'To' number +447911123456 is not a valid phone number.",
      "The 'To' number ***3456 is not a valid phone number.",
    ],
    ['To +44 7911 123456, from +1 (415) 555-0100.', 'To ***3456, from ***0100.'],
    ["Invalid 'To' Phone Number: 447911123456", "Invalid 'To' Phone Number: ***3456"],
    ['call 07911 123456 back', 'call ***3456 back'],
  ])('masks %p', (text, masked) => {
    expect(maskPhoneNumbersIn(text)).toBe(masked);
  });

  it.each([
    'error 21211 at 2026-11-30T05:16:15.123Z',
    `${sid('SM', 'kept')} was not delivered`,
    'Item size 409600 exceeds the limit',
    'no numbers here',
  ])('leaves %p as it is', (text) => {
    expect(maskPhoneNumbersIn(text)).toBe(text);
  });
});
