import { RefusedError } from '../../../shared/domain/admin/admin-errors';
import { checkOwnerPhone, clientBusinessName, clientHours } from '../../../shared/domain/admin/client-rules';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const MOBILE = '+447911200123' as E164;

describe('the client rules of the admin CLI (the sign-up rules, by the same functions)', () => {
  it('cleans a business name as sign-up does, and refuses what sign-up refuses', () => {
    expect(clientBusinessName('  Dale\tRoofing \u00a0')).toBe('Dale Roofing');
    expect(() => clientBusinessName('Dale Roofing \u200b')).toThrow('invisible');
    expect(() => clientBusinessName('D\u0430le Roofing')).toThrow('cannot mix scripts');
    expect(() => clientBusinessName('Call 07911 123456 now')).toThrow(RefusedError);
    expect(() => clientBusinessName('dale@roofing.example')).toThrow('email address');
  });

  it('refuses an owner phone that is ours, cannot be texted, or already owns another client', () => {
    expect(() => checkOwnerPhone(MOBILE, { ours: true }, '--owner')).toThrow('one of our own numbers');
    expect(() => checkOwnerPhone('+442079460123' as E164, { ours: false }, '--owner')).toThrow('landline');
    // Issue 17: premium, satellite and 1-900 owner or alert phones are refused by the same destination policy.
    expect(() => checkOwnerPhone('+449098790123' as E164, { ours: false }, '--owner')).toThrow('premium-rate number');
    expect(() => checkOwnerPhone('+881612345678' as E164, { ours: false }, '--alert')).toThrow('satellite');
    expect(() => checkOwnerPhone('+19005550123' as E164, { ours: false }, '--owner')).toThrow('premium-rate number');
    expect(() => checkOwnerPhone(MOBILE, { ours: false, ownerOf: 'c2' }, '--owner', 'c1')).toThrow('client c2');
    expect(() => checkOwnerPhone(MOBILE, { ours: false, ownerOf: 'c1' }, '--owner', 'c1')).not.toThrow();
  });

  it("parses hours as the HOURS text does, in the given zone, the client's, or the number's country's", () => {
    expect(clientHours('mon-fri 8:00-18:00', undefined, { twilioNumber: '+447476955110' as E164 })).toEqual({
      text: 'Mon-Fri 08:00-18:00',
      timeZone: 'Europe/London',
    });
    expect(clientHours('Sat 09:00-12:00', 'America/Chicago', {}).timeZone).toBe('America/Chicago');
    expect(() => clientHours('Sat 09:00-12:00', undefined, { twilioNumber: '+12025550123' as E164 })).toThrow(
      'add --time-zone',
    );
  });
});
