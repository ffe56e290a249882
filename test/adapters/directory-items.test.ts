import {
  directoryKeys,
  fromNumberRecord,
  ownsNumber,
  toClient,
  toClientAccount,
  toClientItem,
  toNumberItem,
  toNumberRecord,
  unassignedClientPartition,
} from '../../shared/adapters/dynamodb/directory-items';
import { TwilioNumberRole, type Client } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';

const NUMBER = '+447476955110' as E164;
const CLIENT: Client = {
  id: 'c1',
  businessName: 'Ace Plumbing',
  ownerPhone: '+447400111222' as E164,
  twilioNumber: NUMBER,
};

describe('the directory items every directory adapter shares', () => {
  it("keys a number and its owning client in the number's partition, so one Query finds both", () => {
    expect([directoryKeys.number(NUMBER), directoryKeys.client(NUMBER)]).toEqual([
      { pk: NUMBER, sk: 'NUMBER' },
      { pk: NUMBER, sk: 'CLIENT' },
    ]);
  });

  it('keeps a client without a number at CLIENT#<id>, a partition no phone lookup can hit', () => {
    expect(directoryKeys.client(unassignedClientPartition('c9'))).toEqual({ pk: 'CLIENT#c9', sk: 'CLIENT' });
  });

  it('reads back the client item it writes', () => {
    expect(toClient(toClientItem(CLIENT))).toEqual(CLIENT);
    expect(ownsNumber(toClientItem(CLIENT))).toBe(true);
  });

  it('reads back the number record it writes', () => {
    const record = { phone: NUMBER, role: TwilioNumberRole.OPERATIONAL, status: 'ASSIGNED', clientId: 'c1' };

    expect(toNumberRecord(fromNumberRecord(record, new Date('2026-11-30T10:00:00Z')))).toEqual(record);
  });

  it('reads an unknown stored role as no role, while the admin view keeps the stored value for the audit', () => {
    const item = { pk: NUMBER, sk: 'NUMBER', role: 'onboarding ' };

    expect(toNumberRecord(item)).toEqual({ phone: NUMBER, role: undefined });
    expect(toNumberItem(item)).toEqual({ phone: NUMBER, role: undefined, storedRole: 'onboarding ' });
  });

  it("takes a client's number from its partition, not from its twilioNumber attribute", () => {
    const released = {
      pk: 'CLIENT#c9',
      sk: 'CLIENT',
      clientId: 'c9',
      businessName: 'Gone Ltd',
      ownerPhone: '+447400999888',
      twilioNumber: NUMBER,
    };

    expect(toClientAccount(released)).toEqual({ id: 'c9', businessName: 'Gone Ltd', ownerPhone: '+447400999888' });
    expect(toClientAccount(toClientItem(CLIENT))).toEqual(CLIENT);
  });
});
