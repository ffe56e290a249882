import { parseSeed, type Seed } from '../../local/seed';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Daily caps and budgets count the business's own day, in the zone of its HOURS: a business in Sydney or California
 * is not given a fresh day at UTC midnight, in the middle of its working day (issue 17 §6).
 */
const seedIn = (timeZone: string): Seed =>
  parseSeed({
    numbers: [
      { phone: NUMBERS.onboarding, role: 'ONBOARDING' },
      { phone: NUMBERS.aceBusiness, role: 'OPERATIONAL', clientId: 'c1' },
    ],
    clients: [
      {
        id: 'c1',
        businessName: 'Ace Plumbing',
        ownerPhone: NUMBERS.aceOwner,
        twilioNumber: NUMBERS.aceBusiness,
        hours: 'Mon-Sun 00:00-23:59',
        timeZone,
      },
    ],
    onboardingNumber: NUMBERS.onboarding,
  });

let harness: Harness;
let calls = 0;
afterEach(async () => harness?.close());

async function startIn(timeZone: string): Promise<void> {
  harness = await startHarness(seedIn(timeZone), { dailyOwnerSmsCap: 2 });
}

/** A missed call from a new caller at `at` (UTC): each caller is new, so only the owner's budget can refuse. */
async function missedCallAt(at: string): Promise<void> {
  calls += 1;
  harness.setNow(new Date(at));
  await harness.status(
    callEnded(sid('CA', `ld${calls}`), NUMBERS.aceBusiness, `+4479120${String(calls).padStart(5, '0')}`),
  );
}

const ownerTexts = () =>
  harness
    .outbox()
    .filter((sms) => sms.to === NUMBERS.aceOwner)
    .map((sms) => (sms.body.includes('alerts for today') ? 'cap notice' : 'alert'));

describe.each([
  {
    zone: 'Australia/Sydney',
    // 00:30, 09:00 and 11:30 on Monday 7 December in Sydney (AEDT, UTC+11): UTC midnight falls between the 2nd and 3rd.
    oneDay: ['2026-12-06T13:30:00Z', '2026-12-06T22:00:00Z', '2026-12-07T00:30:00Z'],
    // 00:30 on Tuesday 8 December in Sydney.
    nextDay: '2026-12-07T13:30:00Z',
  },
  {
    zone: 'America/Los_Angeles',
    // 00:30, 09:00 and 17:00 on Sunday 6 December in California (PST, UTC-8).
    oneDay: ['2026-12-06T08:30:00Z', '2026-12-06T17:00:00Z', '2026-12-07T01:00:00Z'],
    nextDay: '2026-12-07T08:30:00Z',
  },
  {
    zone: 'Europe/London',
    // 00:30, 11:00 and 23:30 on 15 June in London (BST, UTC+1).
    oneDay: ['2026-06-14T23:30:00Z', '2026-06-15T10:00:00Z', '2026-06-15T22:30:00Z'],
    nextDay: '2026-06-15T23:30:00Z',
  },
])('a business in $zone', ({ zone, oneDay, nextDay }) => {
  beforeEach(() => startIn(zone));

  it('has its owner alerts capped over its own day, across UTC midnight', async () => {
    for (const at of oneDay) await missedCallAt(at);

    expect(ownerTexts()).toEqual(['alert', 'alert', 'cap notice']);
  });

  it('gets a fresh day at its own midnight', async () => {
    for (const at of oneDay) await missedCallAt(at);
    await missedCallAt(nextDay);

    expect(ownerTexts()).toEqual(['alert', 'alert', 'cap notice', 'alert']);
  });
});

describe('across summer-time changes in Europe/London', () => {
  beforeEach(() => startIn('Europe/London'));

  it('the 25-hour day of 25 October (clocks back) is one day from its first hour to its last', async () => {
    // 00:10 BST, 12:00 GMT, 23:50 GMT: the local day runs from 23:00Z on the 24th to 00:00Z on the 26th.
    for (const at of ['2026-10-24T23:10:00Z', '2026-10-25T12:00:00Z', '2026-10-25T23:50:00Z']) await missedCallAt(at);
    await missedCallAt('2026-10-26T00:10:00Z');

    expect(ownerTexts()).toEqual(['alert', 'alert', 'cap notice', 'alert']);
  });

  it('the 23-hour day of 29 March (clocks forward) ends at 23:00 UTC', async () => {
    // 00:10 GMT and 23:50 BST on the 29th, then 00:10 BST on the 30th: still 29 March in UTC.
    for (const at of ['2026-03-29T00:10:00Z', '2026-03-29T22:50:00Z', '2026-03-29T23:10:00Z']) await missedCallAt(at);

    expect(ownerTexts()).toEqual(['alert', 'alert', 'alert']);
  });
});

describe('what is stored', () => {
  beforeEach(() => startIn('Australia/Sydney'));

  it("the ledger's cap counter and the budgets are keyed by the business's date, and expire once it ended everywhere", async () => {
    await missedCallAt('2026-12-06T13:30:00Z');

    const ledger = await harness.activityItem('CLIENT#c1', 'LEDGER');
    expect(ledger).toMatchObject({ 'sent#2026-12-07': 1 });
    expect(ledger).not.toHaveProperty('sent#2026-12-06');
    const owner = await harness.activityItem('CLIENT#c1', 'BUDGET#2026-12-07#OWNER');
    expect(owner).toMatchObject({ sent: 1 });
    // The day ends at 13:00Z on the 7th in Sydney and at 12:00Z on the 8th 12 hours behind UTC: kept past both.
    expect(Number(owner?.expiresAt)).toBeGreaterThan(Date.parse('2026-12-08T12:00:00Z') / 1000);
  });

  it('takes the zone from the client record the role gate read: a missed call still makes 3 DynamoDB calls', async () => {
    harness.setNow(new Date('2026-12-06T13:30:00Z'));
    // Counted warm: this function has read the business's items under its client before (a cold read adds one).
    await harness.status(callEnded(sid('CA', 'ld-warm'), NUMBERS.aceBusiness, '+447911000099'));
    harness.resetCounters();
    await harness.status(callEnded(sid('CA', 'ld-calls'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });
});
