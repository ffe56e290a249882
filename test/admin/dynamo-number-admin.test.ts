import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { planNumberChange, type NumberChangeRequest } from '../../shared/domain/admin/plan-number-change';
import { NumberStatus, TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { ADMIN_NUMBERS, startAdminTarget, type AdminTarget } from './support/admin-target';

const N = ADMIN_NUMBERS as Record<keyof typeof ADMIN_NUMBERS, E164>;

describe('DynamoNumberAdmin', () => {
  let target: AdminTarget;
  let admin: DynamoNumberAdmin;
  beforeEach(async () => {
    target = await startAdminTarget();
    admin = new DynamoNumberAdmin(target.db, { directoryTable: 'Directory', activityTable: 'Activity' });
  });
  afterEach(async () => target.close());

  async function plan(phone: E164, request: NumberChangeRequest) {
    const clientId = request.kind === 'release' ? undefined : request.clientId;
    return planNumberChange(request, {
      phone,
      ...(await admin.readNumber(phone)),
      ...(clientId ? { requestedClient: await admin.findClient(clientId) } : {}),
      onboardingNumbers: await admin.onboardingNumbers(),
      configuredOnboardingNumber: N.onboarding,
    });
  }

  it('a number changed by someone else after it was read is not overwritten', async () => {
    const change = await plan(N.poolA, {
      kind: 'set-role',
      role: TwilioNumberRole.SYSTEM,
      status: NumberStatus.RESERVED,
    });
    await target.putDirectoryItem({
      pk: N.poolA,
      sk: 'NUMBER',
      role: 'SYSTEM',
      status: 'AVAILABLE',
      clientId: 'c-signup',
    });

    await expect(admin.applyChange(change)).rejects.toThrow(
      '+447476955130 changed while this command ran: nothing was overwritten, run it again',
    );
    expect((await target.partition(N.poolA)).NUMBER).toMatchObject({ clientId: 'c-signup' });
  });

  it('a number never becomes OPERATIONAL for a client that left it after the plan was made', async () => {
    const change = await plan(N.ace, {
      kind: 'set-role',
      role: TwilioNumberRole.OPERATIONAL,
      clientId: 'c1',
      status: NumberStatus.RESERVED,
    });
    await admin.applyChange(await plan(N.ace, { kind: 'release' }));

    await expect(admin.applyChange(change)).rejects.toThrow('client c1 no longer owns +447476955110');
    expect((await target.partition(N.ace)).NUMBER).toMatchObject({ role: 'SYSTEM' });
  });

  it('a move interrupted after the copy is finished by running the same command again', async () => {
    await admin.applyChange(await plan(N.ace, { kind: 'release' }));
    // The state a crash leaves between copying the client into the new number and deleting its old item.
    const unassigned = (await target.partition('CLIENT#c1')).CLIENT as Record<string, unknown>;
    await target.putDirectoryItem({ ...unassigned, pk: N.poolB, twilioNumber: N.poolB });
    expect(await admin.findClient('c1')).toHaveLength(2);

    await admin.applyChange(
      await plan(N.poolB, { kind: 'set-role', role: TwilioNumberRole.OPERATIONAL, clientId: 'c1' }),
    );

    expect(await admin.findClient('c1')).toEqual([expect.objectContaining({ id: 'c1', twilioNumber: N.poolB })]);
    expect((await target.partition(N.poolB)).NUMBER).toMatchObject({
      role: 'OPERATIONAL',
      clientId: 'c1',
      status: 'ASSIGNED',
    });
  });

  it('keeps attributes it does not manage when it rewrites a record or moves a client', async () => {
    await target.putDirectoryItem({
      pk: N.ace,
      sk: 'CLIENT',
      clientId: 'c1',
      businessName: 'Ace Plumbing',
      ownerPhone: N.aceOwner,
      twilioNumber: N.ace,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await target.putDirectoryItem({
      pk: N.ace,
      sk: 'NUMBER',
      role: 'OPERATIONAL',
      status: 'ASSIGNED',
      clientId: 'c1',
      purchasedAt: '2025-06-01',
    });

    await admin.applyChange(await plan(N.ace, { kind: 'release' }));

    expect((await target.partition(N.ace)).NUMBER).toMatchObject({ purchasedAt: '2025-06-01', role: 'SYSTEM' });
    expect((await target.partition('CLIENT#c1')).CLIENT).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z' });
  });
});
