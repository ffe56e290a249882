import {
  describePhoneNumber,
  normalizePhoneNumber,
  SERVED_CALLING_CODES,
  type E164,
} from '../../shared/domain/numbers/phone-number';

const e164 = (raw: string): E164 => {
  const number = normalizePhoneNumber(raw);
  if (!number) throw new Error(`${raw} did not normalise`);
  return number;
};

describe('the served numbering plans (the default: +44, +353, +1, +61)', () => {
  it('are the default calling codes when nothing was bundled', () => {
    expect([...SERVED_CALLING_CODES].sort()).toEqual(['1', '353', '44', '61']);
  });

  it.each([
    ['a Guernsey mobile', '+447781123456', '44', 'GG'],
    ['a Jersey mobile', '+447797712345', '44', 'JE'],
    ['an Isle of Man mobile', '+447624123456', '44', 'IM'],
    ['a UK mobile', '+447476955179', '44', 'GB'],
    ['an Irish mobile', '+353851234567', '353', 'IE'],
    ['an Australian mobile', '+61412345678', '61', 'AU'],
  ])('%s is served and typed MOBILE', (_label, raw, callingCode, country) => {
    expect(describePhoneNumber(e164(raw))).toEqual({ served: true, callingCode, country, type: 'MOBILE' });
  });

  it('a US number is served and typed FIXED_LINE_OR_MOBILE (the NANP does not tell them apart)', () => {
    expect(describePhoneNumber(e164('+14155552671'))).toEqual({
      served: true,
      callingCode: '1',
      country: 'US',
      type: 'FIXED_LINE_OR_MOBILE',
    });
  });

  it('a UK 09 number is typed PREMIUM_RATE', () => {
    expect(describePhoneNumber(e164('+449098790000'))).toMatchObject({
      served: true,
      country: 'GB',
      type: 'PREMIUM_RATE',
    });
  });

  it('a London landline is typed FIXED_LINE', () => {
    expect(describePhoneNumber(e164('+442079460001'))).toMatchObject({ served: true, type: 'FIXED_LINE' });
  });

  it.each(['+441234567', '+4420794600011', '+11234567890', '+61012345678'])(
    '%s is invalid in its served plan and refused',
    (raw) => {
      expect(normalizePhoneNumber(raw)).toBeUndefined();
    },
  );
});

describe('a number from a plan that is not served', () => {
  it.each([
    ['a satellite phone on +881', '+881612345678', '881'],
    ['a French mobile', '+33 6 12 34 56 78', '33'],
    ['a German mobile without the +', '4915123456789', '49'],
  ])('%s is still normalised to E.164, marked not served', (_label, raw, callingCode) => {
    const number = normalizePhoneNumber(raw);
    expect(number).toBe(`+${raw.replace(/\D/g, '')}`);
    expect(describePhoneNumber(number as E164)).toEqual({ served: false, callingCode });
  });

  it.each([
    ['too short for E.164 here (under 8 digits)', '+3361234'],
    ['an unassigned calling code', '+2812345678'],
    ['a spelled withheld caller ID', '+7378742833'],
  ])('is refused when %s', (_label, raw) => {
    expect(normalizePhoneNumber(raw)).toBeUndefined();
  });
});
