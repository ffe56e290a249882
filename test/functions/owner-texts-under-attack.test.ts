import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { runCli } from '../admin/support/admin-target';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, startHarness, type Harness, type HarnessOptions } from '../support/webhook-harness';

/**
 * Issue 19's owner-texts job under attack: a spoofed owner (a From anyone can forge) closing every job, DIGEST ON/OFF
 * sent over and over, and a number that changes hands with review requests and a digest still queued for its last
 * business. Through the real SMS handler, the real owner-texts job, the admin CLI and the embedded DynamoDB.
 */
const ACE = NUMBERS.aceBusiness as E164;
const LINK = 'https://g.page/r/CfakeReview123/review';
const OTHER_LINK = 'https://g.page/r/CnewOwnerReview9/review';
const NEW_OWNER = '+447922334455';
const customer = (index: number) => `+4479240${String(index).padStart(5, '0')}`;

let harness: Harness;
let sequence = 0;
async function start(options: HarnessOptions = {}) {
  harness = await startHarness(TEST_SEED, options);
}
afterEach(async () => harness.close());

const text = (from: string, body: string, to: string = ACE) =>
  harness.sms(incomingSms(sid('SM', `ota${(sequence += 1)}`), to, from, body));
const reviewsSent = () =>
  harness.outbox().filter((sms) => sms.from === ACE && sms.body.startsWith('Thanks for choosing'));
const queued = async () => (await harness.activityItems()).filter((item) => item.pk === 'OWNERTEXTS');
const admin = async (...argv: string[]) => {
  const result = await runCli([
    ...argv,
    '--endpoint',
    harness.dynamo.endpoint,
    '--onboarding-number',
    NUMBERS.onboarding,
  ]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
};

describe('a spoofed owner closing every job', () => {
  it('sends review requests within DAILY_SMS_CAP: 30 jobs closed, 5 texts to customers that day', async () => {
    await start({ dailySmsCap: 5 });
    // Sunday: 30 strangers text in (each a job; their acknowledgements spend Sunday's cap, not Monday's).
    harness.setNow(new Date('2026-12-06T12:00:00Z'));
    for (let index = 0; index < 30; index += 1) await text(customer(index), 'Quote please');
    // Monday 10:00 London: the forged owner sets the link and closes all 30.
    harness.setNow(new Date('2026-12-07T10:00:00Z'));
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    for (let ref = 1; ref <= 30; ref += 1) await text(NUMBERS.aceOwner, `DONE #${ref}`);
    const capHitsBefore = harness.metrics()[MetricName.SMS_DAILY_CAP_REACHED] ?? 0;
    const run = await harness.functions.sendOwnerTexts();

    expect(reviewsSent()).toHaveLength(5);
    expect(run).toMatchObject({ sent: 5, dropped: 25 });
    expect((harness.metrics()[MetricName.SMS_DAILY_CAP_REACHED] ?? 0) - capHitsBefore).toBe(25);
    // Nothing is left behind to be sent another day: the queue is empty.
    expect(await queued()).toEqual([]);
  });
});

describe('DIGEST ON/OFF sent over and over', () => {
  it('leaves one queued digest at most, however many times it is toggled', async () => {
    await start();
    harness.setNow(new Date('2026-12-02T10:00:00Z'));
    for (let n = 0; n < 40; n += 1) {
      harness.setNow(new Date(Date.parse('2026-12-02T10:00:00Z') + n * 1000));
      await text(NUMBERS.aceOwner, n % 2 === 0 ? 'DIGEST ON' : 'DIGEST OFF');
    }
    // Every ON of the day is the same one item (due at the day's start); the next run drops it after OFF.
    expect(await queued()).toEqual([expect.objectContaining({ kind: 'digest', dueAt: '2026-12-02T00:00:00.000Z' })]);
    harness.setNow(new Date('2026-12-02T10:15:00Z'));
    await harness.functions.sendOwnerTexts();

    const left = await queued();
    expect(left).toHaveLength(0);
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    await harness.functions.sendOwnerTexts();
    expect(await queued()).toEqual([expect.objectContaining({ kind: 'digest', dueAt: '2026-12-07T08:00:00.000Z' })]);
    // Every queued text carries its TTL: a month after it was due.
    expect((await queued())[0]?.expiresAt).toBe(Date.parse('2026-12-07T08:00:00Z') / 1000 + 30 * 86_400);
  });
});

describe('a number that changes hands with texts still queued for its last business', () => {
  it("sends none of them: not the old review requests, not the old digest, not under the new owner's settings", async () => {
    // No rest before reuse (NUMBER_QUARANTINE_DAYS=0), on the real clock the CLI stamps the release with.
    await start({ signup: { numberQuarantineDays: 0 } });
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    await text(NUMBERS.aceOwner, 'DIGEST ON');
    for (let index = 0; index < 3; index += 1) await text(customer(index), 'Leaking tap');
    for (let ref = 1; ref <= 3; ref += 1) await text(NUMBERS.aceOwner, `DONE #${ref}`);
    const oldItems = (await queued()).length;
    expect(oldItems).toBe(4);

    await admin('numbers', 'release', ACE);
    await harness.functions.serveWaitingList();
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(NEW_OWNER, body, NUMBERS.onboarding);
    expect(harness.outbox().at(-1)?.body).toContain(`Your missed-call number is ${ACE}.`);
    // The new owner turns on reviews (their own link) and the digest: the old items must not ride on them.
    await text(NEW_OWNER, `REVIEWS ${OTHER_LINK}`);
    await text(NEW_OWNER, 'DIGEST ON');

    // The next Monday at 10:00 London: inside the review hours and the digest's window.
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
    monday.setUTCHours(10, 0, 0, 0);
    harness.setNow(monday);
    const sentBefore = harness.outbox().length;
    const run = await harness.functions.sendOwnerTexts();
    await harness.functions.sendOwnerTexts();

    const toOldCustomers = harness
      .outbox()
      .slice(sentBefore)
      .filter((sms) => sms.from === ACE && sms.to.startsWith('+4479240'));
    const digests = harness.outbox().filter((sms) => sms.body.startsWith('Your week'));
    expect(toOldCustomers).toEqual([]);
    expect(run.dropped).toBe(oldItems);
    expect(digests.filter((sms) => sms.to === NUMBERS.aceOwner)).toEqual([]);
    // The new owner's own digest, of the new business alone (no jobs yet).
    expect(digests.map((sms) => sms.to)).toEqual([NEW_OWNER]);
    expect(digests[0]?.body).toContain('jobs opened 0, closed 0, still open 0');
  });
});

describe('a forged owner setting after a flood spent the owner budget', () => {
  it('changes nothing the owner cannot be told of: REVIEWS, LINKS, TEXTBACK, LANGUAGE, EMERGENCY RING and NEVER wait for the next day', async () => {
    await start({ dailyOwnerSmsCap: 3 });
    harness.setNow(new Date('2026-12-07T10:00:00Z'));
    const clientRecord = async () =>
      (await new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable).listClients()).find(
        (client) => client.id === 'c1',
      );
    const before = await clientRecord();
    // The flood: three customers' texts spend the owner cap, fifty forged JOBS its command headroom.
    for (let index = 0; index < 3; index += 1) await text(customer(index), 'Quote please');
    for (let n = 0; n < 50; n += 1) await text(NUMBERS.aceOwner, 'JOBS');
    const ownerTexts = harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner).length;
    for (const forged of [
      `REVIEWS ${OTHER_LINK}`,
      'LINKS evil.example',
      'TEXTBACK Pay your deposit at evil.example',
      'LANGUAGE ES',
      'EMERGENCY RING ON',
      'NEVER +447911123456',
    ])
      await text(NUMBERS.aceOwner, forged);

    expect(await clientRecord()).toEqual(before);
    // Nothing confirmed: the owner is told once that the day's alerts are spent, nothing of the forged changes.
    expect(
      harness
        .outbox()
        .filter((sms) => sms.to === NUMBERS.aceOwner)
        .slice(ownerTexts)
        .map((sms) => sms.body),
    ).toEqual([expect.stringMatching(/^Ace Plumbing has had its 3 alerts for today\./)]);
    // The next day the owner's own change is made, and confirmed.
    harness.setNow(new Date('2026-12-08T10:00:00Z'));
    await text(NUMBERS.aceOwner, `REVIEWS ${LINK}`);
    expect((await clientRecord())?.reviewLink).toBe(LINK);
    expect(harness.outbox().at(-1)?.body).toBe(`Done. After DONE, the customer gets ${LINK} (once in 90 days).`);
  });
});

describe("a number that changes hands: the last business's emergency settings and budgets", () => {
  it("stay with it: the new owner is not rung on the old EMERGENCY RING ON, and a customer's safety reply is the new business's", async () => {
    await start({ signup: { numberQuarantineDays: 0 } });
    await text(NUMBERS.aceOwner, 'EMERGENCY RING ON');
    await text(NUMBERS.customer, 'I can smell gas');
    expect(harness.twilioApi.calls().map((call) => call.to)).toEqual([NUMBERS.aceOwner]);

    await admin('numbers', 'release', ACE);
    await harness.functions.serveWaitingList();
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(NEW_OWNER, body, NUMBERS.onboarding);
    const sentBefore = harness.outbox().length;
    await text(NUMBERS.customer, 'I can smell gas again');

    const sent = harness.outbox().slice(sentBefore);
    // The same day: Ace's once-a-day line for this customer is Ace's; Dave Builds answers in its own name.
    expect(sent.filter((sms) => sms.to === NUMBERS.customer && sms.body.includes('0800 111 999'))).toEqual([
      expect.objectContaining({ from: ACE, body: expect.stringContaining('Dave Builds has been told it is urgent') }),
    ]);
    expect(sent.some((sms) => sms.body.includes('Ace Plumbing'))).toBe(false);
    expect(sent.filter((sms) => sms.to === NEW_OWNER).map((sms) => sms.body)).toEqual([
      expect.stringMatching(/^URGENT \(gas smell or leak\) #1 New job from/),
    ]);
    expect(sent.some((sms) => sms.to === NUMBERS.aceOwner)).toBe(false);
    // Ringing was Ace's setting: the new owner is not rung.
    expect(harness.twilioApi.calls()).toHaveLength(1);
  });
});
