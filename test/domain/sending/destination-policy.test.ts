import { normalizePhoneNumber, type E164 } from '../../../shared/domain/numbers/phone-number';
import { destinationPolicy } from '../../../shared/domain/sending/destination-policy';

const e164 = (raw: string): E164 => {
  const number = normalizePhoneNumber(raw);
  if (!number) throw new Error(`${raw} did not normalise`);
  return number;
};

describe('the destination policy (who a counterpart text may go to)', () => {
  it.each([
    ['a UK mobile', '+447911123456'],
    ['a Guernsey mobile on +44', '+447781123456'],
    ['a Jersey mobile on +44', '+447797712345'],
    ['an Isle of Man mobile on +44', '+447624123456'],
    ['an Irish mobile', '+353851234567'],
    ['an Australian mobile', '+61412345678'],
    ['a US number typed "fixed line or mobile"', '+14155552671'],
    ['a Canadian number typed "fixed line or mobile"', '+16473456789'],
  ])('allows %s', (_label, raw) => {
    expect(destinationPolicy(e164(raw))).toEqual({ allowed: true });
  });

  it.each([
    ['a UK 09 premium-rate number', '+449098790000', 'premium-rate number'],
    ['a UK 0871 number', '+448712345678', 'premium-rate number'],
    ['a US 1-900 number', '+19005551234', 'premium-rate number'],
    ['a UK 0843 number', '+448431234567', 'premium-rate number'],
    ['a UK 055 UAN', '+445512345678', 'UAN (business rate) number'],
    ['a UK 070 personal number', '+447012345678', 'personal number'],
    ['a UK 076 pager', '+447600123456', 'pager'],
    ['a UK 056 VoIP number', '+445612345678', 'internet (VoIP) number'],
    ['a US toll-free number', '+18005551234', 'toll-free number'],
    ['a London landline', '+442079460001', 'landline'],
    ['an Iridium satellite phone (+881)', '+881612345678', 'satellite or international network number'],
    ['an international network (+882)', '+88234567890', 'satellite or international network number'],
    ['an international network (+883)', '+883510012345', 'satellite or international network number'],
    ['a Comoros number (+269)', '+2693212345', 'number outside the countries we serve'],
    ['a Cuban number (+53)', '+5351234567', 'number outside the countries we serve'],
  ])('refuses %s', (_label, raw, reason) => {
    expect(destinationPolicy(e164(raw))).toEqual({ allowed: false, reason });
  });
});
