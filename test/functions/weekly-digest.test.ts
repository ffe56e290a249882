import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §4: `DIGEST ON` gives the owner, every Monday at 08:00 on the business's clock, one text of the week before:
 * missed calls, texted back, jobs opened, closed and still open, the customer waiting longest, the median time to the
 * owner's first reply. At most once a week, through the real SMS and status handlers and the real owner-texts job.
 */
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED);
});
afterEach(async () => harness.close());

const at = (iso: string) => harness.setNow(new Date(iso));
const text = (from: string, body: string) =>
  harness.sms(incomingSms(sid('SM', `wd${(sequence += 1)}`), NUMBERS.aceBusiness, from, body));
const missedCall = (from: string) =>
  harness.status(callEnded(sid('CA', `wd${(sequence += 1)}`), NUMBERS.aceBusiness, from, 'no-answer'));
const digests = () =>
  harness
    .outbox()
    .filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.startsWith('Your week'))
    .map((sms) => sms.body);
const runJobAt = async (iso: string) => {
  at(iso);
  await harness.functions.sendOwnerTexts();
};

/** The week of Monday 30 November 2026 in London (GMT), as the digest of Monday 7 December tells it. */
async function seedWeek(): Promise<void> {
  at('2026-11-30T09:00:00Z');
  await text(NUMBERS.customer, 'Leak under the sink');
  at('2026-11-30T09:30:00Z');
  await text(NUMBERS.aceOwner, 'On my way');
  at('2026-12-01T12:00:00Z');
  await missedCall(NUMBERS.otherCustomer);
  at('2026-12-01T12:05:00Z');
  // Within the cooldown: missed, not texted back again.
  await missedCall(NUMBERS.otherCustomer);
  at('2026-12-02T10:00:00Z');
  await text(NUMBERS.aceOwner, 'DIGEST ON');
  at('2026-12-03T15:00:00Z');
  await text(NUMBERS.otherCustomer, 'Radiator cold');
  at('2026-12-04T10:00:00Z');
  await text(NUMBERS.aceOwner, 'DONE #1');
}

const FIRST_DIGEST =
  'Your week from 30 Nov: missed calls 2, texted back 1; jobs opened 2, closed 1, still open 1. Waiting longest: #2 +447912345678 since 3 Dec. First reply (median): 30 min. DIGEST OFF to stop.';

describe('the Monday digest', () => {
  it('DIGEST ON is confirmed to the owner', async () => {
    at('2026-12-02T10:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST ON');

    expect(harness.outbox().at(-1)?.body).toBe('Done. Monday digest on.');
  });

  it("tells the week's figures on Monday at 08:00, not before, once, counted", async () => {
    await seedWeek();
    await runJobAt('2026-12-02T10:15:00Z');
    await runJobAt('2026-12-07T07:59:00Z');
    expect(digests()).toEqual([]);

    await runJobAt('2026-12-07T08:00:00Z');
    await runJobAt('2026-12-07T08:15:00Z');
    expect(digests()).toEqual([FIRST_DIGEST]);
    expect(harness.metrics()[MetricName.SMS_DIGEST_SENT]).toBe(1);
  });

  it('comes again the next Monday, with that week only', async () => {
    await seedWeek();
    await runJobAt('2026-12-07T08:00:00Z');
    await runJobAt('2026-12-14T08:00:00Z');

    expect(digests()).toEqual([
      FIRST_DIGEST,
      'Your week from 7 Dec: missed calls 0, texted back 0; jobs opened 0, closed 0, still open 1. Waiting longest: #2 +447912345678 since 3 Dec. DIGEST OFF to stop.',
    ]);
  });

  it('is sent at most once a week, however often DIGEST ON is sent', async () => {
    await seedWeek();
    at('2026-12-05T10:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    await runJobAt('2026-12-05T10:15:00Z');
    await runJobAt('2026-12-07T08:00:00Z');
    at('2026-12-07T09:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    await runJobAt('2026-12-07T09:15:00Z');

    expect(digests()).toEqual([FIRST_DIGEST]);
  });

  it('stops with DIGEST OFF', async () => {
    await seedWeek();
    at('2026-12-05T10:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST OFF');
    expect(harness.outbox().at(-1)?.body).toBe('Done. Monday digest off.');
    await runJobAt('2026-12-07T08:00:00Z');

    expect(digests()).toEqual([]);
  });

  it('a job down until Monday noon still sends it; one down all Monday waits for the next week', async () => {
    await seedWeek();
    await runJobAt('2026-12-07T12:00:00Z');
    expect(digests()).toEqual([FIRST_DIGEST]);

    await runJobAt('2026-12-14T20:30:00Z');
    await runJobAt('2026-12-15T08:00:00Z');
    expect(digests()).toHaveLength(1);
    await runJobAt('2026-12-21T08:00:00Z');
    expect(digests()).toHaveLength(2);
  });

  it("follows London's summer time: the 167-hour week before 30 March comes at 07:00 UTC, its last hour counted", async () => {
    at('2026-03-25T10:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    // Sunday 29 March 23:30 BST is still the week; Monday 30 March 00:30 BST is the next one.
    at('2026-03-29T22:30:00Z');
    await missedCall(NUMBERS.customer);
    at('2026-03-29T23:30:00Z');
    await missedCall(NUMBERS.otherCustomer);
    await runJobAt('2026-03-30T06:59:00Z');
    expect(digests()).toEqual([]);

    await runJobAt('2026-03-30T07:00:00Z');
    expect(digests()).toEqual([expect.stringContaining('Your week from 23 Mar: missed calls 1, texted back 1;')]);
  });

  it('and the 169-hour week before 26 October, at 08:00 GMT', async () => {
    at('2026-10-21T10:00:00Z');
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    // Sunday 25 October 23:30 GMT is still the week (clocks went back at 02:00 BST that morning).
    at('2026-10-25T23:30:00Z');
    await missedCall(NUMBERS.customer);
    await runJobAt('2026-10-26T07:00:00Z');
    expect(digests()).toEqual([]);

    await runJobAt('2026-10-26T08:00:00Z');
    expect(digests()).toEqual([expect.stringContaining('Your week from 19 Oct: missed calls 1, texted back 1;')]);
  });

  it("comes at 08:00 on the business's own clock: a business on Chicago time gets it at 14:00 UTC", async () => {
    at('2026-12-02T10:00:00Z');
    await text(NUMBERS.aceOwner, 'HOURS Mon-Fri 08:00-18:00 America/Chicago');
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    await runJobAt('2026-12-07T08:00:00Z');
    await runJobAt('2026-12-07T13:59:00Z');
    expect(digests()).toEqual([]);

    await runJobAt('2026-12-07T14:00:00Z');
    expect(digests()).toHaveLength(1);
  });

  it('reads only the business by key: 9 DynamoDB calls, no Scan', async () => {
    await seedWeek();
    harness.resetCounters();
    await runJobAt('2026-12-07T08:00:00Z');

    // The queue, the take, the number, the week's calls, the open jobs, the closed jobs, the marker, the owner
    // budget, next Monday's.
    expect(harness.dynamoCalls).toEqual([
      'QueryCommand',
      'UpdateItemCommand',
      'QueryCommand',
      'GetItemCommand',
      'QueryCommand',
      'QueryCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
      'TransactWriteItemsCommand',
    ]);
  });
});
