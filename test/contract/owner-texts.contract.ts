import { DynamoAfterJobBook } from '../../shared/adapters/dynamodb/dynamo-after-job-book';
import { DynamoBusinessWeek } from '../../shared/adapters/dynamodb/dynamo-business-week';
import { DynamoOwnerTextQueue } from '../../shared/adapters/dynamodb/dynamo-owner-text-queue';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { startContractServer, type ContractServer } from './support/contract-server';

// Issue 19: the owner-texts queue (a Query by due time, conditional takes with the old hold returned, a move in one
// transaction, a release that appends a lost answer), its once-markers, and the digest's reads by key range.
describe('the owner-texts queue, its markers and the week of a business', () => {
  let server: ContractServer;
  const business = { clientId: 'c1', number: '+442079460001' as E164 };
  const customer = '+447700900201' as E164;
  const at = (iso: string) => new Date(iso);
  const queue = () => new DynamoOwnerTextQueue(server.db, server.tables.activityTable);
  beforeEach(async () => {
    server = await startContractServer();
  });
  afterEach(async () => server.close());

  it('lists what is due by its due time, earliest first, and nothing later', async () => {
    await queue().enqueue({ kind: 'digest', business }, at('2026-12-07T08:00:00Z'));
    await queue().enqueue({ kind: 'review', business, customer, jobRef: 3 }, at('2026-12-05T08:00:00Z'));

    expect(await queue().listDue(at('2026-12-05T07:59:59Z'), 10)).toEqual([]);
    expect((await queue().listDue(at('2026-12-05T08:00:00Z'), 10)).map((text) => text.kind)).toEqual(['review']);
    expect((await queue().listDue(at('2026-12-08T00:00:00Z'), 10)).map((text) => text.kind)).toEqual([
      'review',
      'digest',
    ]);
    expect(await queue().listDue(at('2026-12-08T00:00:00Z'), 1)).toHaveLength(1);
  });

  it("takes a text once while held, again after its hold with the dead run's window, and moves it in one write", async () => {
    await queue().enqueue({ kind: 'review', business, customer, jobRef: 3 }, at('2026-12-05T08:00:00Z'));
    const [text] = await queue().listDue(at('2026-12-05T08:00:00Z'), 10);
    if (!text) throw new Error('not queued');

    expect(await queue().take(text, at('2026-12-05T08:00:00Z'), at('2026-12-05T08:05:00Z'))).toEqual({
      taken: true,
      lostAnswers: [],
    });
    expect(await queue().take(text, at('2026-12-05T08:01:00Z'), at('2026-12-05T08:06:00Z'))).toEqual({ taken: false });
    expect(await queue().take(text, at('2026-12-05T08:06:00Z'), at('2026-12-05T08:11:00Z'))).toEqual({
      taken: true,
      lostAnswers: [{ from: '2026-12-05T08:00:00.000Z', until: '2026-12-05T08:05:00.000Z' }],
    });

    await queue().release(text, { from: '2026-12-05T08:06:00.000Z', until: '2026-12-05T08:06:05.000Z' });
    const [released] = await queue().listDue(at('2026-12-05T08:07:00Z'), 10);
    expect(released).toMatchObject({ attempts: 2, lostAnswers: [{ from: '2026-12-05T08:06:00.000Z' }] });

    await queue().move(text, at('2026-12-06T08:00:00Z'));
    expect(await queue().listDue(at('2026-12-05T23:00:00Z'), 10)).toEqual([]);
    expect(await queue().listDue(at('2026-12-06T08:00:00Z'), 10)).toEqual([
      expect.objectContaining({ kind: 'review', dueAt: '2026-12-06T08:00:00.000Z', attempts: 0 }),
    ]);
  });

  it('marks once: the holder gets its stored body back, another holder nothing; a review mark lapses after 90 days', async () => {
    const digest = { kind: 'digest' as const, week: '2026-11-30' };
    expect(await queue().mark(business, digest, 'a', 'first', at('2026-12-07T08:00:00Z'))).toBe('first');
    expect(await queue().mark(business, digest, 'a', 'second', at('2026-12-07T08:10:00Z'))).toBe('first');
    expect(await queue().mark(business, digest, 'b', 'other', at('2026-12-07T08:10:00Z'))).toBeUndefined();

    const review = (since: string) => ({ kind: 'review' as const, customer, since: at(since) });
    expect(await queue().mark(business, review('2026-09-06T10:00:00Z'), 'r1', 'ask', at('2026-12-05T10:00:00Z'))).toBe(
      'ask',
    );
    expect(await queue().mark(business, review('2026-11-01T10:00:00Z'), 'r2', 'ask', at('2027-01-30T10:00:00Z'))).toBe(
      undefined,
    );
    expect(await queue().mark(business, review('2026-12-06T10:00:00Z'), 'r3', 'ask', at('2027-03-06T10:00:00Z'))).toBe(
      'ask',
    );
  });

  it("reads a business's week: its missed calls (none yet) and the jobs closed within it, by key range", async () => {
    const book = new DynamoAfterJobBook(server.db, server.tables.activityTable);
    for (const [ref, closedAt] of [
      [1, '2026-11-29T23:59:59Z'],
      [2, '2026-11-30T00:00:00Z'],
      [3, '2026-12-06T23:59:59Z'],
      [4, '2026-12-07T00:00:00Z'],
    ] as const)
      await book.jobClosed(business, { ref, openedAt: '2026-11-28T10:00:00Z', closedAt: at(closedAt) });
    const week = new DynamoBusinessWeek(server.db, server.tables.activityTable);

    expect(await week.tally(business, '2026-11-30')).toEqual({ missedCalls: 0, textedBack: 0 });
    const closed = await week.closedJobs(business, at('2026-11-30T00:00:00Z'), at('2026-12-07T00:00:00Z'), 100);
    expect(closed.map((job) => job.ref)).toEqual([2, 3]);
    expect(await week.closedJobs(business, at('2026-11-30T00:00:00Z'), at('2026-12-07T00:00:00Z'), 1)).toHaveLength(1);
  });
});
