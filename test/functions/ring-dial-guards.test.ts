import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { dialEnded, ownerLeg, RING_SEED } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingCall, startHarness, type Harness } from '../support/webhook-harness';

/*
 * Issue 17 §2 and §3: ring mode never dials a phone the destination policy refuses, dials within its budgets, and
 * counts a screening answer only from the owner leg we dialled for that very call.
 */

const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
let sequence = 0;
const callSid = (tag: string) => sid('CA', `ring-dial-guards-${tag}-${(sequence += 1)}`);
const caller = (n: number) => `+4479111${String(n).padStart(5, '0')}`;

/** Owner phones written before the policy covered them: UK 09 premium, +881 satellite, US 1-900. */
const BLOCKED_OWNERS = [
  { business: '+447476955161', owner: '+449098790123', reason: 'premium-rate number' },
  { business: '+447476955162', owner: '+881612345678', reason: 'satellite or international network number' },
  { business: '+447476955163', owner: '+19005550123', reason: 'premium-rate number' },
] as const;

/** A ring-mode client stored straight in the table, as data from before this change would be (the doors refuse it). */
async function storeRingClient(harness: Harness, id: string, business: string, owner: string): Promise<void> {
  const directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
  await directory.putClient({
    id,
    businessName: `Business ${id}`,
    ownerPhone: owner as E164,
    twilioNumber: business as E164,
    callMode: 'ring',
  });
  await directory.putNumber({ phone: business as E164, role: TwilioNumberRole.OPERATIONAL, clientId: id });
}

describe('ring mode never dials a phone the destination policy refuses', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(RING_SEED);
    for (const [index, blocked] of BLOCKED_OWNERS.entries())
      await storeRingClient(harness, `blocked${index}`, blocked.business, blocked.owner);
  });
  afterAll(async () => harness.close());

  it('a premium, satellite or 1-900 owner phone is never dialled: the caller gets the voicemail, counted', async () => {
    const answers: string[] = [];
    for (const blocked of BLOCKED_OWNERS)
      for (let n = 0; n < 5; n += 1)
        answers.push((await harness.voice(incomingCall(callSid('B'), blocked.business, caller(n)))).body);

    expect(answers.filter((body) => body.includes('<Dial'))).toEqual([]);
    expect(answers.every((body) => body.includes('<Record '))).toBe(true);
    expect(harness.metrics()[MetricName.DIAL_DESTINATION_BLOCKED]).toBe(15);
  });

  it('the missed call still texts the caller back, and nothing is sent to the refused owner phone', async () => {
    const blocked = BLOCKED_OWNERS[0];
    const sid = callSid('S');
    await harness.voice(incomingCall(sid, blocked.business, caller(77)));
    await harness.status(callEnded(sid, blocked.business, caller(77)));

    expect(harness.outbox().filter((sms) => sms.to === caller(77))).toHaveLength(1);
    expect(harness.outbox().filter((sms) => sms.to === blocked.owner)).toEqual([]);
    expect(harness.metrics()[MetricName.SMS_DESTINATION_BLOCKED]).toBeGreaterThanOrEqual(1);
  });
});

describe('ring mode dials within its budgets', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(RING_SEED, { callBudgets: { dialsPerOwnerPerHour: 4, dialsPerCallerPerDay: 2 } });
  });
  afterAll(async () => harness.close());
  const ring = async (from: string) =>
    (await harness.voice(incomingCall(callSid('R'), NUMBERS.aceBusiness, from))).body;

  it('rings the owner for one caller at most RING_DIALS_PER_CALLER times a day, then voicemail; the next day again', async () => {
    harness.setNow(new Date('2026-12-01T09:10:00Z'));
    const before = harness.metrics()[MetricName.DIAL_LIMITED] ?? 0;
    const today = [await ring(caller(1)), await ring(caller(1)), await ring(caller(1))];
    harness.setNow(new Date('2026-12-02T09:10:00Z'));
    const tomorrow = await ring(caller(1));

    expect(today.map((body) => body.includes('<Dial'))).toEqual([true, true, false]);
    expect(today[2]).toContain('Please leave a message after the tone.');
    expect(tomorrow).toContain('<Dial');
    expect((harness.metrics()[MetricName.DIAL_LIMITED] ?? 0) - before).toBe(1);
  });

  it('dials the owner at most RING_DIALS_PER_HOUR times an hour, whoever calls; the next hour again', async () => {
    harness.setNow(new Date('2026-12-03T14:05:00Z'));
    const before = harness.metrics()[MetricName.DIAL_LIMITED] ?? 0;
    const thisHour: string[] = [];
    for (let n = 10; n < 16; n += 1) thisHour.push(await ring(caller(n)));
    harness.setNow(new Date('2026-12-03T15:01:00Z'));
    const nextHour = await ring(caller(20));

    expect(thisHour.filter((body) => body.includes('<Dial'))).toHaveLength(4);
    expect(thisHour.slice(4).every((body) => body.includes('<Record '))).toBe(true);
    expect(nextHour).toContain('<Dial');
    expect((harness.metrics()[MetricName.DIAL_LIMITED] ?? 0) - before).toBe(2);
  });
});

describe('a screening answer counts only from the owner leg we dialled for that call', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterAll(async () => harness.close());

  async function ringing(from: string): Promise<string> {
    const parent = callSid('P');
    expect((await harness.voice(incomingCall(parent, NUMBERS.aceBusiness, from))).body).toContain('<Dial');
    return parent;
  }
  const press1 = (child: string, parent: string, business: string, to: string) =>
    harness.post(WEBHOOK_ROUTES.screenResult, ownerLeg(child, parent, business, to, { Digits: '1' }));

  it('a signed "1" naming another call, from another business, to a phone that is not the owner is refused; the call is not taken', async () => {
    harness.setNow(new Date('2026-12-04T10:00:00Z'));
    const before = harness.metrics()[MetricName.SCREEN_FORGED] ?? 0;
    const parent = await ringing(caller(30));

    const forgeries = [
      // Another business as From, a stranger as To.
      await press1(callSid('X'), parent, NUMBERS.clientOwnedOnly, NUMBERS.otherCustomer),
      // Our business and the owner phone, but a leg we never dialled (never screened).
      await press1(callSid('X'), parent, NUMBERS.aceBusiness, NUMBERS.aceOwner),
      // Our business, a stranger as To.
      await press1(callSid('X'), parent, NUMBERS.aceBusiness, NUMBERS.otherCustomer),
    ];
    await harness.post(
      WEBHOOK_ROUTES.dialAction,
      dialEnded(parent, NUMBERS.aceBusiness, caller(30), 'completed', callSid('C')),
    );
    await harness.status(callEnded(parent, NUMBERS.aceBusiness, caller(30)));

    expect(forgeries.map((result) => result.body)).toEqual([HANGUP, HANGUP, HANGUP]);
    expect((harness.metrics()[MetricName.SCREEN_FORGED] ?? 0) - before).toBe(3);
    // Not taken: the caller is texted back and the owner alerted.
    expect(harness.outbox().filter((sms) => sms.to === caller(30))).toHaveLength(1);
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes(caller(30)))).toHaveLength(
      1,
    );
  });

  it('once the owner leg is bound, a second leg cannot take over the screening; the bound leg still connects', async () => {
    const parent = await ringing(caller(31));
    const leg = callSid('L');
    const screened = await harness.post(
      WEBHOOK_ROUTES.screen,
      ownerLeg(leg, parent, NUMBERS.aceBusiness, NUMBERS.aceOwner),
    );
    const intruder = callSid('I');
    const intruderScreen = await harness.post(
      WEBHOOK_ROUTES.screen,
      ownerLeg(intruder, parent, NUMBERS.aceBusiness, NUMBERS.aceOwner),
    );
    const intruderPress = await press1(intruder, parent, NUMBERS.aceBusiness, NUMBERS.aceOwner);
    const ownerPress = await press1(leg, parent, NUMBERS.aceBusiness, NUMBERS.aceOwner);

    expect(screened.body).toContain('Press 1 to take it.');
    expect([intruderScreen.body, intruderPress.body]).toEqual([HANGUP, HANGUP]);
    expect(ownerPress.body).toContain('Connecting.');
  });
});
