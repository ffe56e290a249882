import { DynamoSignupDecisions } from '../../shared/adapters/dynamodb/dynamo-signup-decisions';
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { LOCAL_TABLES } from '../../local/local-service';
import { signupFingerprint } from '../../shared/domain/signup/signup-fingerprint';
import { startAdminTarget, type AdminTarget } from './support/admin-target';

const OWNER = '+447922334455' as E164;
const OTHER = '+447912345678' as E164;

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
    expect(result.stdout).toMatch(/^PHONE\s+BUSINESS\s+ALERTS TO\s+SINCE\s+FINGERPRINT\n/);
    expect(result.stdout).toMatch(
      /\+447922334455\s+Dave Builds\s+\(same phone\)\s+2026-11-30T10:00:00.000Z\s+[0-9a-f]{8}\n\+447912345678\s+Second Builds\s+\+447922334455\s+/,
    );
    expect(result.stdout).toContain('2 sign-ups waiting for approval');
  });

  it('signups list --json prints one JSON document', async () => {
    await awaitingApproval(OWNER, 'Dave Builds', '2026-11-30T10:00:00.000Z');

    const result = await target.cli('signups', 'list', '--json');

    expect(JSON.parse(result.stdout)).toEqual([
      {
        phone: OWNER,
        businessName: 'Dave Builds',
        notifyPhone: OWNER,
        since: '2026-11-30T10:00:00.000Z',
        ownerPhone: OWNER,
        fingerprint: signupFingerprint({ businessName: 'Dave Builds', ownerPhone: OWNER, notifyPhone: OWNER }),
      },
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

  it('the fingerprint is the first 8 hex of a SHA-256 over the three values, as a JSON array', () => {
    expect(signupFingerprint({ businessName: 'Nice Co', ownerPhone: OWNER, notifyPhone: OWNER })).toBe(
      createHash('sha256')
        .update(JSON.stringify(['Nice Co', OWNER, OWNER]))
        .digest('hex')
        .slice(0, 8),
    );
  });

  it('a sign-up changed after it was listed is refused, by fingerprint or not, and nothing is approved', async () => {
    await awaitingApproval(OWNER, 'Nice Co', '2026-11-30T10:00:00.000Z');
    const [listed] = JSON.parse((await target.cli('signups', 'list', '--json')).stdout);
    // The owner starts over and completes again with another name and a premium alert phone.
    await awaitingApproval(OWNER, 'FREE PRIZE Co', '2026-11-30T10:05:00.000Z', '+447000000001');

    const byFingerprint = await target.cli('signups', 'approve', OWNER, '--fingerprint', listed.fingerprint, '--json');

    expect(byFingerprint.code).toBe(1);
    expect(byFingerprint.stderr).toBe(`refused: the sign-up from ${OWNER} changed since listed; list again\n`);
    expect(JSON.parse(byFingerprint.stdout)).toMatchObject({ error: 'changed since listed; list again', phone: OWNER });
    expect(await activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'AWAITING_APPROVAL' });
    expect(await activityItem('WAITLIST', OWNER)).toBeUndefined();
  });

  it('approving with the listed fingerprint stores exactly the listed name and alert phone', async () => {
    await awaitingApproval(OWNER, 'Nice Co', '2026-11-30T10:00:00.000Z', OTHER);
    const [listed] = JSON.parse((await target.cli('signups', 'list', '--json')).stdout);

    const result = await target.cli('signups', 'approve', OWNER, '--fingerprint', listed.fingerprint, '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      phone: OWNER,
      decision: 'approve',
      businessName: 'Nice Co',
      ownerPhone: OWNER,
      notifyPhone: OTHER,
      fingerprint: listed.fingerprint,
    });
    expect(await activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({
      step: 'WAITING_FOR_NUMBER',
      approved: true,
      businessName: 'Nice Co',
      notifyPhone: OTHER,
    });
  });

  it('an approval without a fingerprint prints the three values it approved', async () => {
    await awaitingApproval(OWNER, 'Nice Co', '2026-11-30T10:00:00.000Z', OTHER);

    const result = await target.cli('signups', 'approve', OWNER);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`business "Nice Co", owner phone ${OWNER}, alerts to ${OTHER}`);
  });

  it('the approval is one write conditional on the stored values: a change at the same version still loses', async () => {
    await awaitingApproval(OWNER, 'Nice Co', '2026-11-30T10:00:00.000Z');
    const store = new DynamoSignupDecisions(target.db, LOCAL_TABLES.activityTable);
    const conversation = await store.get(OWNER as E164);
    await awaitingApproval(OWNER, 'FREE PRIZE Co', '2026-11-30T10:00:00.000Z');

    const saved = await store.saveDecision(
      { ...conversation!, step: 'WAITING_FOR_NUMBER', approved: true, version: 5 },
      4,
      { businessName: 'Nice Co', notifyPhone: OWNER as E164 },
    );

    expect(saved).toBe(false);
    expect(await activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'AWAITING_APPROVAL' });
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
