import { RefusedError } from '../../../shared/domain/admin/admin-errors';
import type { ClientAccount, NumberItem } from '../../../shared/domain/admin/admin-records';
import {
  planNumberChange,
  type NumberChangeRequest,
  type NumberContext,
} from '../../../shared/domain/admin/plan-number-change';
import { NumberStatus, TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const ONBOARDING = '+447476955179' as E164;
const ACE = '+447476955110' as E164;
const POOL = '+447476955130' as E164;

const ace: ClientAccount = {
  id: 'c1',
  businessName: 'Ace Plumbing',
  ownerPhone: '+447400111222' as E164,
  twilioNumber: ACE,
};
const { twilioNumber: _none, ...aceWithoutNumber } = ace;

function record(phone: E164, role: TwilioNumberRole, extra: Partial<NumberItem> = {}): NumberItem {
  return { phone, role, storedRole: role, ...extra };
}

function context(phone: E164, extra: Partial<NumberContext> = {}): NumberContext {
  return { phone, onboardingNumbers: [ONBOARDING], configuredOnboardingNumber: ONBOARDING, ...extra };
}

function refusal(request: NumberChangeRequest, ctx: NumberContext): string {
  try {
    planNumberChange(request, ctx);
  } catch (error) {
    if (error instanceof RefusedError) return error.reason;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planNumberChange', () => {
  it('refuses OPERATIONAL without a client', () => {
    expect(
      refusal(
        { kind: 'set-role', role: TwilioNumberRole.OPERATIONAL },
        context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM) }),
      ),
    ).toMatch(/OPERATIONAL needs an existing client/);
  });

  it('refuses OPERATIONAL for a client that does not exist', () => {
    const ctx = context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM), requestedClient: [] });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c9' }, ctx)).toBe(
      'client c9 does not exist: an OPERATIONAL number needs an existing client',
    );
  });

  it('refuses to give a client a second number', () => {
    const ctx = context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM), requestedClient: [ace] });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c1' }, ctx)).toMatch(
      /client c1 already owns \+447476955110/,
    );
  });

  it('refuses to hand a number owned by one client to another', () => {
    const ctx = context(ACE, {
      record: record(ACE, TwilioNumberRole.OPERATIONAL, { clientId: 'c1' }),
      owner: ace,
      requestedClient: [{ ...aceWithoutNumber, id: 'c2' }],
    });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c2' }, ctx)).toMatch(
      /owned by client c1: release it first/,
    );
  });

  it('refuses a second ONBOARDING number', () => {
    const ctx = context(ONBOARDING, { record: record(ONBOARDING, TwilioNumberRole.SYSTEM), onboardingNumbers: [POOL] });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.ONBOARDING }, ctx)).toMatch(
      /\+447476955130 is already ONBOARDING and there is only one/,
    );
  });

  it('refuses ONBOARDING for a number that is not the configured one', () => {
    const ctx = context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM), onboardingNumbers: [] });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.ONBOARDING }, ctx)).toMatch(
      /configured onboarding number is \+447476955179/,
    );
  });

  it('refuses to move a number a client owns away from OPERATIONAL without --release', () => {
    const ctx = context(ACE, { record: record(ACE, TwilioNumberRole.OPERATIONAL, { clientId: 'c1' }), owner: ace });
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.SYSTEM }, ctx)).toMatch(
      /client c1 still owns \+447476955110: add --release/,
    );
  });

  it('refuses a client on a number that is not OPERATIONAL', () => {
    expect(refusal({ kind: 'set-role', role: TwilioNumberRole.SYSTEM, clientId: 'c1' }, context(POOL))).toMatch(
      /--client goes with OPERATIONAL only/,
    );
  });

  it('refuses an owned number that is AVAILABLE', () => {
    const ctx = context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM), requestedClient: [aceWithoutNumber] });
    expect(
      refusal(
        { kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c1', status: NumberStatus.AVAILABLE },
        ctx,
      ),
    ).toMatch(/never AVAILABLE/);
  });

  it('refuses to add a number that is already in the table', () => {
    expect(
      refusal(
        { kind: 'add', role: TwilioNumberRole.SYSTEM },
        context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM) }),
      ),
    ).toMatch(/already in the number table/);
  });

  it('refuses to release the onboarding number or a number nothing knows', () => {
    expect(
      refusal({ kind: 'release' }, context(ONBOARDING, { record: record(ONBOARDING, TwilioNumberRole.ONBOARDING) })),
    ).toMatch(/is the ONBOARDING number/);
    expect(refusal({ kind: 'release' }, context(POOL))).toMatch(/nothing to release/);
  });

  it('assigns a pool number to a client without a number: the client moves in, the number becomes OPERATIONAL and ASSIGNED', () => {
    const ctx = context(POOL, {
      record: record(POOL, TwilioNumberRole.SYSTEM, { status: 'AVAILABLE' }),
      requestedClient: [aceWithoutNumber],
    });
    const change = planNumberChange({ kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c1' }, ctx);

    expect(change).toMatchObject({
      changed: true,
      after: { role: 'OPERATIONAL', status: 'ASSIGNED', clientId: 'c1' },
      clientMove: { kind: 'assign', clientId: 'c1', to: POOL },
    });
  });

  it('releasing an owned number rests it before reuse (issue 17) and moves the client out', () => {
    const ctx = context(ACE, {
      record: record(ACE, TwilioNumberRole.OPERATIONAL, { clientId: 'c1', status: 'ASSIGNED' }),
      owner: ace,
    });
    const change = planNumberChange({ kind: 'release' }, ctx);

    expect(change.after).toEqual({ role: 'SYSTEM', status: 'RESTING' });
    expect(change.clientMove).toEqual({ kind: 'unassign', clientId: 'c1', from: ACE });
  });

  it('a request that is already true changes nothing', () => {
    const ctx = context(ACE, {
      record: record(ACE, TwilioNumberRole.OPERATIONAL, { clientId: 'c1', status: 'ASSIGNED' }),
      owner: ace,
      requestedClient: [ace],
    });
    const change = planNumberChange({ kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c1' }, ctx);

    expect(change.changed).toBe(false);
    expect(change.requiredOwner).toBe('c1');
  });

  it('keeps the status when the role does not change, and warns when the configured onboarding number leaves ONBOARDING', () => {
    const internal = planNumberChange(
      { kind: 'set-role', role: TwilioNumberRole.SYSTEM },
      context(POOL, { record: record(POOL, TwilioNumberRole.SYSTEM, { status: 'RESERVED' }) }),
    );
    const onboarding = planNumberChange(
      { kind: 'set-role', role: TwilioNumberRole.SYSTEM },
      context(ONBOARDING, { record: record(ONBOARDING, TwilioNumberRole.ONBOARDING) }),
    );

    expect(internal.changed).toBe(false);
    expect(onboarding.warnings).toEqual([expect.stringContaining('configured onboarding number')]);
  });

  it('an invalid stored role can be replaced by an explicit one', () => {
    const ctx = context(POOL, { record: { phone: POOL, role: undefined, storedRole: 'operational' } });
    const change = planNumberChange({ kind: 'set-role', role: TwilioNumberRole.SYSTEM }, ctx);

    expect(change.description).toContain('role (invalid role "operational") -> SYSTEM');
  });
});
