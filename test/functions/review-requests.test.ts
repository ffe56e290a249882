import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §4: `REVIEWS <link>` makes `DONE #12` queue one text to that job's customer asking for a review, which the
 * owner-texts job sends in the customer's 08:00-21:00 (held until then), at most once per customer per 90 days, never
 * after STOP; `REVIEWS OFF` stops it. Through the real SMS handler and the real owner-texts job on the embedded DynamoDB.
 */
const LINK = 'https://g.page/r/CfakeReview123/review';
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED);
  // Monday 7 December 2026, 10:00 in London (GMT).
  harness.setNow(new Date('2026-12-07T10:00:00Z'));
});
afterEach(async () => harness.close());

const text = (from: string, body: string) =>
  harness.sms(incomingSms(sid('SM', `rv${(sequence += 1)}`), NUMBERS.aceBusiness, from, body));
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const reviewsTo = (phone: string) => sentTo(phone).filter((body) => body.includes(LINK));
const runJob = () => harness.functions.sendOwnerTexts();
/** The customer texts, the owner closes their job: #`ref`. */
const jobDone = async (ref: number, customer = NUMBERS.customer) => {
  await text(customer, 'Boiler making a noise');
  await text(NUMBERS.aceOwner, `DONE #${ref}`);
};

describe('REVIEWS from the owner', () => {
  it('takes the link with a full stop after it, as a sentence ends', async () => {
    await text(NUMBERS.aceOwner, `Reviews ${LINK}.`);

    expect(sentTo(NUMBERS.aceOwner).at(-1)).toContain(`the customer gets ${LINK} (once in 90 days)`);
  });

  it.each([
    LINK,
    'https://search.google.com/local/writereview?placeid=ChIJN1t_tDeuEmsRUsoyG83frY4',
    'https://www.trustpilot.com/evaluate/aceplumbing.co.uk',
  ])('accepts the review form %s and confirms it', async (link) => {
    await text(NUMBERS.aceOwner, `REVIEWS ${link}`);

    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe(`Done. After DONE, the customer gets ${link} (once in 90 days).`);
  });

  it.each([
    'http://g.page/r/CfakeReview123/review',
    'https://g.page.evil.com/r/CfakeReview123/review',
    'https://user:pw@g.page/r/CfakeReview123/review',
    'https://g.page:8443/r/CfakeReview123/review',
    'https://search.google.com/local/writereview?placeid=ChIJN1t&next=https://evil.example',
    'https://www.trustpilot.com/evaluate/ace plumbing.com',
    'https://maps.app.goo.gl/abcdef',
    `https://g.page/r/${'a'.repeat(120)}/review`,
    'please',
  ])('refuses %s with the correct form, and stores nothing', async (link) => {
    await text(NUMBERS.aceOwner, `REVIEWS ${link}`);

    expect(sentTo(NUMBERS.aceOwner).at(-1)).toContain('Write it as REVIEWS https://g.page/r/…/review or REVIEWS OFF');
    await jobDone(1);
    await runJob();
    expect(sentTo(NUMBERS.customer).some((body) => body.includes('review'))).toBe(false);
  });
});

describe('a review request after DONE', () => {
  it("goes once to the job's customer, in the business's name, counted, with the opt-out line", async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    await runJob();
    await runJob();

    expect(reviewsTo(NUMBERS.customer)).toEqual([
      `Thanks for choosing Ace Plumbing! A quick review would help us a lot: ${LINK} Reply STOP to opt out.`,
    ]);
    expect(harness.metrics()[MetricName.SMS_REVIEW_REQUESTED]).toBe(1);
  });

  it('goes at most once per customer in 90 days, whatever the jobs closed', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    await runJob();
    harness.setNow(new Date('2027-02-01T10:00:00Z'));
    await jobDone(2);
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);

    // 91 days after the first request, the next job's customer may be asked again.
    harness.setNow(new Date('2027-03-08T10:00:00Z'));
    await jobDone(3);
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(2);
  });

  it("is held outside the customer's 08:00-21:00 and sent when the window opens", async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    harness.setNow(new Date('2026-12-07T21:30:00Z'));
    await jobDone(1);
    await runJob();
    harness.setNow(new Date('2026-12-08T07:59:00Z'));
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toEqual([]);

    harness.setNow(new Date('2026-12-08T08:00:00Z'));
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);
  });

  it("follows the customer's clock across summer time: 08:00 in London is 07:00 UTC in June", async () => {
    harness.setNow(new Date('2026-06-08T20:30:00Z'));
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    await runJob();
    harness.setNow(new Date('2026-06-09T06:59:00Z'));
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toEqual([]);

    harness.setNow(new Date('2026-06-09T07:00:00Z'));
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);
  });

  it('never goes to a customer who texted STOP, even one already queued', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    harness.setNow(new Date('2026-12-07T22:00:00Z'));
    await jobDone(1);
    await text(NUMBERS.customer, 'STOP');
    harness.setNow(new Date('2026-12-08T09:00:00Z'));
    await runJob();

    expect(reviewsTo(NUMBERS.customer)).toEqual([]);
  });

  it('never goes to a number on the never-text list', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await text(NUMBERS.customer, 'Boiler making a noise');
    await text(NUMBERS.aceOwner, 'NEVER #1');
    await text(NUMBERS.aceOwner, 'DONE #1');
    await runJob();

    expect(reviewsTo(NUMBERS.customer)).toEqual([]);
  });

  it('stops with REVIEWS OFF, even for a request already held', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    harness.setNow(new Date('2026-12-07T22:00:00Z'));
    await jobDone(1);
    await text(NUMBERS.aceOwner, 'REVIEWS OFF');
    expect(sentTo(NUMBERS.aceOwner).at(-1)).toBe('Done. Reviews off.');
    harness.setNow(new Date('2026-12-08T09:00:00Z'));
    await runJob();

    expect(reviewsTo(NUMBERS.customer)).toEqual([]);
  });

  it('DONE costs one DynamoDB write more: the note for the digest, with the review request in it when REVIEWS is on', async () => {
    await text(NUMBERS.customer, 'Boiler making a noise');
    harness.resetCounters();
    await text(NUMBERS.aceOwner, 'DONE #1');
    const off = [...harness.dynamoCalls];
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await text(NUMBERS.customer, 'And the tap now');
    harness.resetCounters();
    await text(NUMBERS.aceOwner, 'DONE #2');
    const on = [...harness.dynamoCalls];

    // The exchange read, the open jobs, the close (read, copy, delete), the note, the claim, the owner budget, the record.
    expect(off).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'GetItemCommand',
      'PutItemCommand',
      'DeleteItemCommand',
      'PutItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
    ]);
    expect(on).toEqual(off.map((call, index) => (index === 5 ? 'TransactWriteItemsCommand' : call)));
  });

  it('never scans: a run reads its queue and the business by key', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    harness.resetCounters();
    await runJob();

    expect(harness.dynamoCalls).not.toContain('ScanCommand');
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);
  });

  it('a run that dies after sending never sends it twice, and the next run after its hold finishes it', async () => {
    // On the fake Twilio's own clock (it dates what it sends now), at any hour of the day.
    await harness.close();
    harness = await startHarness(TEST_SEED, { ownerTexts: { reviewHours: { from: 0, until: 24 } } });
    const start = Date.now();
    harness.setNow(new Date(start));
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    const stopDeleting = harness.failDynamo(onItem('DeleteItemCommand', 'OWNERTEXTS'));
    await runJob();
    stopDeleting();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);

    // Still held by the dead run: left alone; once its hold has passed, found in Twilio's log, not sent again.
    await runJob();
    harness.setNow(new Date(start + 6 * 60_000));
    await runJob();
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_REVIEW_REQUESTED]).toBe(1);
    expect((await harness.activityItems()).filter((item) => item.pk === 'OWNERTEXTS')).toEqual([]);
  });

  it('a run that dies before sending loses nothing: the next run after its hold sends it', async () => {
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await jobDone(1);
    const stopSending = harness.failDynamo(onItem('GetItemCommand', 'CONTACT#'));
    await runJob();
    stopSending();
    expect(reviewsTo(NUMBERS.customer)).toEqual([]);

    harness.setNow(new Date('2026-12-07T10:06:00Z'));
    await runJob();
    expect(reviewsTo(NUMBERS.customer)).toHaveLength(1);
  });
});
