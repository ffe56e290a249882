import type { NumberItem } from '../../../shared/domain/admin/admin-records';
import { planSetup } from '../../../shared/domain/admin/plan-setup';
import { NumberStatus, TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const ONBOARDING = '+447476955179' as E164;
const ACE = '+447476955110' as E164;
const POOL_A = '+447476955130' as E164;
const POOL_B = '+447476955131' as E164;
const account = [ONBOARDING, ACE, POOL_A, POOL_B].map((phoneNumber) => ({ phoneNumber }));

function record(phone: E164, role: TwilioNumberRole, extra: Partial<NumberItem> = {}): NumberItem {
  return { phone, role, storedRole: role, ...extra };
}

describe('planSetup', () => {
  it('on an empty table adds the pool as SYSTEM and the onboarding number as ONBOARDING, onboarding last', () => {
    const plan = planSetup({ onboarding: ONBOARDING, pool: [POOL_B, POOL_A] }, account, [], new Map());

    expect(plan.requests).toEqual([
      { phone: POOL_A, request: { kind: 'add', role: TwilioNumberRole.SYSTEM } },
      { phone: POOL_B, request: { kind: 'add', role: TwilioNumberRole.SYSTEM } },
      { phone: ONBOARDING, request: { kind: 'add', role: TwilioNumberRole.ONBOARDING } },
    ]);
    expect(plan.leftAlone).toEqual([{ phone: ACE, reason: expect.stringContaining('chosen for nothing') }]);
  });

  it('plans nothing for numbers already as chosen (a second run)', () => {
    const numbers = [
      record(ONBOARDING, TwilioNumberRole.ONBOARDING, { status: NumberStatus.RESERVED }),
      record(POOL_A, TwilioNumberRole.SYSTEM, { status: NumberStatus.AVAILABLE }),
    ];

    expect(
      planSetup({ onboarding: ONBOARDING, pool: [POOL_A] }, account.slice(0, 3), numbers, new Map([[ACE, 'c1']])),
    ).toEqual({ requests: [], leftAlone: [] });
  });

  it("moves a pool number that is not SYSTEM and AVAILABLE there, and leaves a client's or a reserved number alone", () => {
    const numbers = [
      record(POOL_A, TwilioNumberRole.SYSTEM, { status: NumberStatus.RESERVED }),
      record(POOL_B, TwilioNumberRole.SYSTEM, { status: NumberStatus.RESERVED, clientId: 'c9' }),
      record(ACE, TwilioNumberRole.OPERATIONAL, { clientId: 'c1' }),
      record(ONBOARDING, TwilioNumberRole.ONBOARDING),
    ];

    const plan = planSetup(
      { onboarding: ONBOARDING, pool: [ACE, POOL_A, POOL_B] },
      account,
      numbers,
      new Map([[ACE, 'c1']]),
    );

    expect(plan.requests).toEqual([
      {
        phone: POOL_A,
        request: { kind: 'set-role', role: TwilioNumberRole.SYSTEM, status: NumberStatus.AVAILABLE },
      },
    ]);
    expect(plan.leftAlone.map((item) => item.phone)).toEqual([ACE, POOL_B]);
  });

  it('leaves a released number resting before reuse alone: it is not put back in the pool before its rest is over', () => {
    const numbers = [
      record(POOL_A, TwilioNumberRole.SYSTEM, {
        status: NumberStatus.RESTING,
        restingSince: '2026-11-30T10:00:00.000Z',
      }),
      record(ONBOARDING, TwilioNumberRole.ONBOARDING, { status: NumberStatus.RESERVED }),
    ];

    const plan = planSetup(
      { onboarding: ONBOARDING, pool: [POOL_A] },
      account.slice(0, 3),
      numbers,
      new Map([[ACE, 'c1']]),
    );

    expect(plan.requests).toEqual([]);
    expect(plan.leftAlone).toEqual([{ phone: POOL_A, reason: expect.stringContaining('resting before reuse') }]);
  });

  it('refuses a chosen number that is not on the account, and one chosen as both onboarding and pool', () => {
    expect(() =>
      planSetup({ onboarding: ONBOARDING, pool: ['+447476955999' as E164] }, account, [], new Map()),
    ).toThrow('+447476955999 is not on the Twilio account');
    expect(() => planSetup({ onboarding: ONBOARDING, pool: [ONBOARDING] }, account, [], new Map())).toThrow(
      'cannot be both the onboarding number and a pool number',
    );
  });
});
