import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { startAdminTarget, type AdminTarget } from './support/admin-target';

const OWNER = '+447922334455';
const OTHER = '+447912345678';

describe('admin signups', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  async function awaitingApproval(phone: string, businessName: string, since: string, notifyPhone = phone) {
    await target.putActivityItem({
      pk: `SIGNUP#${phone}`,
      sk: 'SIGNUP',
      phone,
      step: 'AWAITING_APPROVAL',
      businessName,
      notifyPhone,
      startedAt: since,
      updatedAt: since,
      version: 4,
    });
    await target.putActivityItem({ pk: 'APPROVALS', sk: phone, phone, businessName, notifyPhone, since });
  }
  const activityItem = async (pk: string, sk: string) =>
    (await target.db.send(new GetCommand({ TableName: LOCAL_TABLES.activityTable, Key: { pk, sk } }))).Item;

  it('signups list shows the sign-ups waiting for approval, oldest first', async () => {
    await awaitingApproval(OTHER, 'Second Builds', '2026-11-30T11:00:00.000Z', OWNER);
    await awaitingApproval(OWNER, 'Dave Builds', '2026-11-30T10:00:00.000Z');

    const result = await target.cli('signups', 'list');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PHONE\s+BUSINESS\s+ALERTS TO\s+SINCE\n/);
    expect(result.stdout).toMatch(
      /\+447922334455\s+Dave Builds\s+\(same phone\)\s+2026-11-30T10:00:00.000Z\n\+447912345678\s+Second Builds\s+\+447922334455\s+/,
    );
    expect(result.stdout).toContain('2 sign-ups waiting for approval');
  });

  it('signups list --json prints one JSON document', async () => {
    await awaitingApproval(OWNER, 'Dave Builds', '2026-11-30T10:00:00.000Z');

    const result = await target.cli('signups', 'list', '--json');

    expect(JSON.parse(result.stdout)).toEqual([
      { phone: OWNER, businessName: 'Dave Builds', notifyPhone: OWNER, since: '2026-11-30T10:00:00.000Z' },
    ]);
  });

  it('signups approve puts the owner on the waiting list, approved, for the job to assign and text', async () => {
    await awaitingApproval(OWNER, 'Dave Builds', '2026-11-30T10:00:00.000Z');

    const result = await target.cli('signups', 'approve', '+44 7922 334455');

    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining(`approved ${OWNER}`) });
    expect(await activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({
      step: 'WAITING_FOR_NUMBER',
      approved: true,
      version: 5,
    });
    expect(await activityItem('WAITLIST', OWNER)).toMatchObject({ phone: OWNER });
    expect(await activityItem('APPROVALS', OWNER)).toBeUndefined();
  });

  it('signups reject ends the sign-up and queues the polite reply', async () => {
    await awaitingApproval(OWNER, 'Dave Builds', '2026-11-30T10:00:00.000Z');

    const result = await target.cli('signups', 'reject', OWNER);

    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining(`rejected ${OWNER}`) });
    expect(await activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'REJECTED' });
    expect(await activityItem('APPROVALS', OWNER)).toBeUndefined();
  });

  it('approving a phone with no sign-up waiting for approval is refused: exit 1', async () => {
    const result = await target.cli('signups', 'approve', OWNER);

    expect(result).toMatchObject({ code: 1, stderr: `refused: no sign-up from ${OWNER}\n` });
  });

  it('a phone that is not a phone number is a usage error: exit 2', async () => {
    expect((await target.cli('signups', 'approve', 'nobody')).code).toBe(2);
    expect((await target.cli('signups', 'reject')).code).toBe(2);
  });
});
