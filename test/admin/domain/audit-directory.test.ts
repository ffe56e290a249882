import type { ClientAccount, DirectorySnapshot, NumberItem } from '../../../shared/domain/admin/admin-records';
import { auditDirectory, type BreachKind } from '../../../shared/domain/admin/audit-directory';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const ONBOARDING = '+447476955179' as E164;

function number(phone: string, role: string | undefined, extra: Partial<NumberItem> = {}): NumberItem {
  const valid = Object.values(TwilioNumberRole).find((known) => known === role);
  return { phone: phone as E164, role: valid, ...(role !== undefined ? { storedRole: role } : {}), ...extra };
}

function client(id: string, twilioNumber?: string): ClientAccount {
  return {
    id,
    businessName: `Business ${id}`,
    ownerPhone: '+447400111222' as E164,
    ...(twilioNumber ? { twilioNumber: twilioNumber as E164 } : {}),
  };
}

const HEALTHY: DirectorySnapshot = {
  numbers: [
    number(ONBOARDING, 'ONBOARDING'),
    number('+447476955110', 'OPERATIONAL', { clientId: 'c1', status: 'ASSIGNED' }),
    number('+447476955130', 'SYSTEM', { status: 'AVAILABLE' }),
  ],
  clients: [client('c1', '+447476955110'), client('c2')],
};

function kinds(snapshot: DirectorySnapshot): BreachKind[] {
  return auditDirectory(snapshot, ONBOARDING).breaches.map((breach) => breach.kind);
}

describe('auditDirectory', () => {
  it('a healthy directory has no breaches, and counts each role and the clients without a number', () => {
    const report = auditDirectory(HEALTHY, ONBOARDING);

    expect(report.breaches).toEqual([]);
    expect(report.counts).toEqual({
      OPERATIONAL: 1,
      ONBOARDING: 1,
      SYSTEM: 1,
      invalid: 0,
      clients: 2,
      clientsWithoutNumber: 1,
    });
  });

  it.each<[string, DirectorySnapshot, BreachKind]>([
    [
      'a number without a role',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', undefined)] },
      'invalid-role',
    ],
    [
      'a number with an unknown role',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', 'operational')] },
      'invalid-role',
    ],
    ['no ONBOARDING number', { ...HEALTHY, numbers: HEALTHY.numbers.slice(1) }, 'configured-onboarding-not-onboarding'],
    [
      'a second ONBOARDING number',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', 'ONBOARDING')] },
      'unconfigured-onboarding-number',
    ],
    [
      'an OPERATIONAL number with no client at all',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', 'OPERATIONAL')] },
      'operational-without-client',
    ],
    [
      'an OPERATIONAL number whose client does not exist',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', 'OPERATIONAL', { clientId: 'c9' })] },
      'operational-client-missing',
    ],
    [
      'an OPERATIONAL number its client does not own',
      { ...HEALTHY, numbers: [...HEALTHY.numbers, number('+447476955140', 'OPERATIONAL', { clientId: 'c2' })] },
      'operational-client-elsewhere',
    ],
    [
      'an OPERATIONAL number owned by another client than its record names',
      {
        numbers: [number(ONBOARDING, 'ONBOARDING'), number('+447476955110', 'OPERATIONAL', { clientId: 'c2' })],
        clients: [client('c1', '+447476955110'), client('c2')],
      },
      'owner-disagrees-with-record',
    ],
    [
      'a client owning a SYSTEM number',
      {
        numbers: [...HEALTHY.numbers, number('+447476955140', 'SYSTEM')],
        clients: [...HEALTHY.clients.slice(0, 1), client('c2', '+447476955140')],
      },
      'client-owns-non-operational',
    ],
    [
      'a client owning a number missing from the table',
      { ...HEALTHY, clients: [...HEALTHY.clients.slice(0, 1), client('c2', '+447476955150')] },
      'client-owns-unlisted-number',
    ],
    [
      'a SYSTEM number that names a client',
      {
        ...HEALTHY,
        numbers: [...HEALTHY.numbers, number('+447476955140', 'SYSTEM', { clientId: 'c2', status: 'RESERVED' })],
      },
      'client-id-on-non-operational',
    ],
    [
      'an owned number that is AVAILABLE',
      {
        ...HEALTHY,
        numbers: [
          number(ONBOARDING, 'ONBOARDING'),
          number('+447476955110', 'OPERATIONAL', { clientId: 'c1', status: 'AVAILABLE' }),
        ],
      },
      'available-and-owned',
    ],
    [
      'a client in two places after an interrupted move',
      { ...HEALTHY, clients: [...HEALTHY.clients, client('c1')] },
      'client-in-several-places',
    ],
  ])('reports %s', (_label, snapshot, kind) => {
    expect(kinds(snapshot)).toEqual([kind]);
  });

  it('every breach says what to run to fix it, and never picks a role for a number that has none', () => {
    const report = auditDirectory(
      {
        ...HEALTHY,
        numbers: [
          ...HEALTHY.numbers,
          number('+447476955140', undefined),
          number('+447476955141', 'OPERATIONAL', { clientId: 'c9' }),
        ],
      },
      ONBOARDING,
    );

    expect(report.breaches).toEqual([
      expect.objectContaining({
        kind: 'invalid-role',
        fix: 'numbers set-role +447476955140 <OPERATIONAL|ONBOARDING|SYSTEM>   (decide which: it is never inferred)',
      }),
      expect.objectContaining({
        kind: 'operational-client-missing',
        fix: 'numbers release +447476955141   (or create client c9 first)',
      }),
    ]);
  });
});
