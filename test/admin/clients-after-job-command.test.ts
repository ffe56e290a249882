import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { startAdminTarget, type AdminTarget } from './support/admin-target';

/** Issue 19: `clients set-reviews` and `clients set-digest`, as the owner's REVIEWS and DIGEST texts. */
describe('admin clients set-reviews and set-digest', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    target = await startAdminTarget();
  });
  afterEach(async () => target.close());

  const shown = async () =>
    JSON.parse((await target.cli('clients', 'show', 'c1', '--json')).stdout) as Record<string, unknown>;
  const queued = async () =>
    (
      await target.db.send(
        new QueryCommand({
          TableName: LOCAL_TABLES.activityTable,
          KeyConditionExpression: 'pk = :queue',
          ExpressionAttributeValues: { ':queue': 'OWNERTEXTS' },
        }),
      )
    ).Items ?? [];

  it('sets the review link as REVIEWS does, shown by clients show, and off again', async () => {
    const link = 'https://www.trustpilot.com/evaluate/aceplumbing.co.uk';
    expect(await target.cli('clients', 'set-reviews', 'c1', link)).toMatchObject({
      code: 0,
      stdout: `client c1 (Ace Plumbing): reviews off -> ${link}\n`,
    });
    expect((await shown()).reviewLink).toBe(link);
    expect((await target.cli('clients', 'show', 'c1')).stdout).toContain(`  reviews at:  "${link}"\n`);

    expect(JSON.parse((await target.cli('clients', 'set-reviews', 'c1', 'off', '--json')).stdout)).toEqual({
      clientId: 'c1',
      reviewLink: null,
    });
    expect((await shown()).reviewLink).toBeUndefined();
  });

  it('refuses a link that is not a Google or Trustpilot review form with its correct form, and changes nothing', async () => {
    for (const link of ['http://g.page/r/CfakeReview123/review', 'https://evil.example/review', 'https://g.page/r/x']) {
      expect(await target.cli('clients', 'set-reviews', 'c1', link)).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('REVIEWS https://g.page/r/…/review or REVIEWS OFF'),
      });
    }
    expect((await shown()).reviewLink).toBeUndefined();
  });

  it('turns the digest on, queueing its first Monday, and off', async () => {
    expect(JSON.parse((await target.cli('clients', 'set-digest', 'c1', 'on', '--json')).stdout)).toEqual({
      clientId: 'c1',
      digest: true,
    });
    expect((await shown()).digest).toBe(true);
    expect(await queued()).toEqual([expect.objectContaining({ kind: 'digest', clientId: 'c1' })]);

    expect((await target.cli('clients', 'set-digest', 'c1', 'off')).stdout).toBe(
      'client c1 (Ace Plumbing): Monday digest on -> off\n',
    );
    expect((await shown()).digest).toBeUndefined();
    expect((await target.cli('clients', 'set-digest', 'c1', 'weekly')).code).toBe(2);
  });
});
