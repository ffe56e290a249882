import { RefusedError } from '../../../shared/domain/admin/admin-errors';
import type { DirectorySnapshot } from '../../../shared/domain/admin/admin-records';
import { planImport } from '../../../shared/domain/admin/plan-import';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const ONBOARDING = '+447476955179' as E164;
const SNAPSHOT: DirectorySnapshot = {
  numbers: [
    { phone: ONBOARDING, role: TwilioNumberRole.ONBOARDING, storedRole: 'ONBOARDING' },
    {
      phone: '+447476955110' as E164,
      role: TwilioNumberRole.OPERATIONAL,
      storedRole: 'OPERATIONAL',
      clientId: 'c1',
      status: 'ASSIGNED',
    },
  ],
  clients: [
    {
      id: 'c1',
      businessName: 'Ace Plumbing',
      ownerPhone: '+447400111222' as E164,
      twilioNumber: '+447476955110' as E164,
    },
    { id: 'c3', businessName: 'Cosy Heating', ownerPhone: '+447400555666' as E164 },
    // Stored before issue 17: an owner phone the destination policy refuses.
    { id: 'c4', businessName: 'Premium Co', ownerPhone: '+19005550123' as E164 },
  ],
};
const HEADER = 'phone_e164,role,client_id,status\n';

function outcomes(csv: string) {
  return planImport(HEADER + csv, SNAPSHOT, ONBOARDING).rows.map((row) => [
    row.line,
    row.kind,
    row.kind === 'refused' ? row.reason : undefined,
  ]);
}

describe('planImport', () => {
  it('refuses to give a number to a client whose owner phone the destination policy refuses, naming why', () => {
    expect(outcomes('447476955206,OPERATIONAL,c4,\n')).toEqual([
      [
        2,
        'refused',
        `client c4's owner phone +19005550123 cannot get alerts or calls: premium-rate number ("clients set-owner" first)`,
      ],
    ]);
  });

  it('never defaults a missing or unknown role: the row is refused', () => {
    expect(outcomes('447476955201,,,\n447476955202,PRIMARY,,\n')).toEqual([
      [2, 'refused', 'no role: every number needs an explicit role, none is assumed'],
      [3, 'refused', 'role "PRIMARY" is not one of OPERATIONAL, ONBOARDING, SYSTEM'],
    ]);
  });

  it('accepts phones without + and roles and statuses in any case', () => {
    const plan = planImport(`${HEADER}447476955201,system,,available\n`, SNAPSHOT, ONBOARDING);

    expect(plan.changes).toEqual([
      expect.objectContaining({ phone: '+447476955201', after: { role: 'SYSTEM', status: 'AVAILABLE' } }),
    ]);
  });

  it('applies the rules of set-role to each row, in terms of the file', () => {
    expect(
      outcomes(
        '447476955203,OPERATIONAL,,\n447476955204,OPERATIONAL,c9,\n447476955205,ONBOARDING,,\n447476955110,SYSTEM,,\n',
      ),
    ).toEqual([
      [2, 'refused', 'OPERATIONAL without a client_id: an OPERATIONAL number needs an existing client'],
      [3, 'refused', 'client c9 does not exist: an OPERATIONAL number needs an existing client'],
      [4, 'refused', '+447476955179 is already ONBOARDING and there is only one: set it to SYSTEM first'],
      [
        5,
        'refused',
        'client c1 still owns +447476955110: release it ("numbers release") before importing another role',
      ],
    ]);
  });

  it('skips identical repeats of a row and refuses conflicting ones', () => {
    expect(
      outcomes('447476955201,SYSTEM,,\n+447476955201,SYSTEM,,\n447476955202,SYSTEM,,\n447476955202,OPERATIONAL,c3,\n'),
    ).toEqual([
      [2, 'create', undefined],
      [3, 'duplicate', undefined],
      [4, 'refused', '+447476955202 appears on lines 4, 5 with different values: fix the export'],
      [5, 'refused', '+447476955202 appears on lines 4, 5 with different values: fix the export'],
    ]);
  });

  it('checks each row against the rows before it: a client gets one number', () => {
    expect(outcomes('447476955206,OPERATIONAL,c3,\n447476955207,OPERATIONAL,c3,\n')).toEqual([
      [2, 'create', undefined],
      [3, 'refused', expect.stringContaining('client c3 already owns +447476955206')],
    ]);
  });

  it('a row that matches the table is unchanged', () => {
    expect(outcomes('447476955110,OPERATIONAL,c1,ASSIGNED\n')).toEqual([[2, 'unchanged', undefined]]);
  });

  it('refuses a file without the phone and role columns as a whole', () => {
    expect(() => planImport('number,kind\n447476955201,SYSTEM\n', SNAPSHOT, ONBOARDING)).toThrow(RefusedError);
    expect(() => planImport('', SNAPSHOT, ONBOARDING)).toThrow(/the file is empty/);
  });
});
