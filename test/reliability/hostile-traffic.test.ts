import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoSignupDecisions } from '../../shared/adapters/dynamodb/dynamo-signup-decisions';
import { decideSignup } from '../../shared/domain/signup/decide-signup';
import { signupFingerprint } from '../../shared/domain/signup/signup-fingerprint';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import { normalizePhoneNumber, type E164 } from '../../shared/domain/numbers/phone-number';
import { destinationPolicy } from '../../shared/domain/sending/destination-policy';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { runCli } from '../admin/support/admin-target';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { dialEnded, ownerLeg, RING_SEED, transcriptionDone, voicemailCallback } from '../support/ring-calls';
import {
  callEnded,
  incomingCall,
  incomingCall as incomingCallParams,
  incomingSms,
  startHarness,
  type Harness,
} from '../support/webhook-harness';
import { printFigures } from './support/figures';
import { DynamoClientAdmin } from '../../shared/adapters/dynamodb/dynamo-client-admin';
import { NodeCrmEndpoint } from '../../shared/adapters/http/node-crm-endpoint';
import { CRM_MAX_RECEIVE_COUNT } from '../../lib/crm-delivery';
import { startTestCrm } from '../support/crm-receiver';
import { scaled } from './support/scale';

/**
 * Hostile traffic (issue 10): spoofed callers, premium and foreign destinations, loop attempts between our own numbers,
 * all at once against two businesses. Whatever arrives: no text ever goes to a destination the policy refuses, no text
 * ever goes to one of our own numbers, no counterpart gets more than its automated texts a day, and every missed call
 * still reaches its owner within the owner budget.
 */
const WEBHOOKS = scaled(2000, 200);
const CONCURRENCY = 10;

/** Our own numbers: the number table, client-owned numbers and the configured onboarding number. */
const OUR_NUMBERS = new Set<string>([
  ...TEST_SEED.numbers.map((number) => number.phone),
  ...TEST_SEED.clients.map((client) => client.twilioNumber),
  TEST_SEED.onboardingNumber,
]);
const OWNERS = new Map<string, string>(TEST_SEED.clients.map((client) => [client.twilioNumber, client.ownerPhone]));
const BUSINESSES = [NUMBERS.aceBusiness, NUMBERS.clientOwnedOnly];
const BLOCKED = [
  '+449098790000',
  '+448712345678',
  '+19005551234',
  '+881612345678',
  '+88234567890',
  '+2693212345',
  '+5351234567',
  '+442079460099',
];

/** A small deterministic generator, so a failing run can be repeated exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Send = (harness: Harness, sid: string) => Promise<unknown>;

/** Sign-up floods: a few senders text the onboarding number over and over, naming a victim or our own number for alerts. */
const FLOOD_SENDERS = Array.from({ length: 12 }, (_, index) => `+4479330000${String(index).padStart(2, '0')}`);
const VICTIM = '+447911000999';
const SIGNUP_TEXTS = [
  'Hi',
  'FREE PRIZE txt CLAIM to evil.example',
  'Dave Builds',
  'YES',
  VICTIM,
  NUMBERS.onboarding,
  'YES',
  'RESTART',
];

/** The kinds of hostile traffic, with their share of the run. */
const HOSTILE_TRAFFIC_KINDS: Record<
  string,
  {
    weight: number;
    make: (pick: () => number) => {
      route: 'status' | 'sms';
      send: Send /** The business whose owner should hear of it (a missed call, a forwarded text). */;
      calls?: string;
    };
  }
> = {
  'spoofed caller': {
    weight: 4,
    make: (pick) => {
      // Few distinct victims, many calls each: the per-counterpart limit is what protects them.
      const caller = `+4479220000${String(Math.floor(pick() * 30)).padStart(2, '0')}`;
      const business = BUSINESSES[Math.floor(pick() * BUSINESSES.length)]!;
      return {
        route: 'status',
        calls: business,
        send: (harness, sid) => harness.status(callEnded(`CA${sid}`, business, caller)),
      };
    },
  },
  'call from a blocked destination': {
    weight: 2,
    make: (pick) => {
      const caller = BLOCKED[Math.floor(pick() * BLOCKED.length)]!;
      return {
        route: 'status',
        calls: NUMBERS.aceBusiness,
        send: (harness, sid) => harness.status(callEnded(`CA${sid}`, NUMBERS.aceBusiness, caller)),
      };
    },
  },
  'text or HELP from a blocked destination': {
    weight: 2,
    make: (pick) => {
      const sender = BLOCKED[Math.floor(pick() * BLOCKED.length)]!;
      const body = pick() < 0.5 ? 'HELP' : 'Call me back on this number';
      return {
        route: 'sms',
        ...(body === 'HELP' ? {} : { calls: NUMBERS.aceBusiness }),
        send: (harness, sid) => harness.sms(incomingSms(`SM${sid}`, NUMBERS.aceBusiness, sender, body)),
      };
    },
  },
  'sign-up flood': {
    weight: 2,
    make: (pick) => {
      const sender = FLOOD_SENDERS[Math.floor(pick() * FLOOD_SENDERS.length)]!;
      const body = SIGNUP_TEXTS[Math.floor(pick() * SIGNUP_TEXTS.length)]!;
      return {
        route: 'sms',
        send: (harness, sid) => harness.sms(incomingSms(`SM${sid}`, NUMBERS.onboarding, sender, body)),
      };
    },
  },
  'loop attempt': {
    weight: 2,
    make: (pick) => {
      const ours = [...OUR_NUMBERS];
      const from = ours[Math.floor(pick() * ours.length)]!;
      const to = [...BUSINESSES, NUMBERS.onboarding].filter((number) => number !== from)[Math.floor(pick() * 2)]!;
      return pick() < 0.5
        ? {
            route: 'sms',
            send: (harness, sid) =>
              harness.sms(incomingSms(`SM${sid}`, to, from, 'Welcome! What is your business name?')),
          }
        : (() => {
            const business = BUSINESSES[Math.floor(pick() * 2)]!;
            return {
              route: 'status' as const,
              calls: business,
              send: (harness: Harness, sid: string) => harness.status(callEnded(`CA${sid}`, business, from)),
            };
          })();
    },
  },
};

describe('hostile traffic: spoofed callers, premium destinations, loop attempts, sign-up floods', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  it(`${WEBHOOKS} hostile webhooks send nothing to a blocked destination, nothing to our own numbers, and never silence an owner`, async () => {
    const pick = random(10);
    const kinds = Object.entries(HOSTILE_TRAFFIC_KINDS).flatMap(([name, kind]) =>
      Array.from({ length: kind.weight }, () => name),
    );
    const sent: Record<string, number> = {};
    const callsTo = new Map<string, number>();
    const started = Date.now();
    // One UTC day of traffic: the clock moves on with each wave, so cooldowns pass and the daily limits are what hold.
    const dayStart = Date.parse('2026-11-30T00:05:00Z');
    const step = Math.floor((22 * 3600_000) / Math.ceil(WEBHOOKS / CONCURRENCY));
    for (let start = 0; start < WEBHOOKS; start += CONCURRENCY) {
      harness.setNow(new Date(dayStart + (start / CONCURRENCY) * step));
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, WEBHOOKS - start) }, async (_, offset) => {
          const name = kinds[Math.floor(pick() * kinds.length)]!;
          const { send, calls } = HOSTILE_TRAFFIC_KINDS[name]!.make(pick);
          if (calls) callsTo.set(calls, (callsTo.get(calls) ?? 0) + 1);
          sent[name] = (sent[name] ?? 0) + 1;
          const response = (await send(harness, String(start + offset).padStart(32, '0'))) as { statusCode: number };
          expect(response.statusCode).toBe(200);
        }),
      );
    }
    const seconds = (Date.now() - started) / 1000;

    const outbox = harness.outbox();
    const owners = new Set(OWNERS.values());
    const toCounterparts = outbox.filter((sms) => !owners.has(sms.to));
    const blockedDestinations = toCounterparts.filter((sms) => {
      const number = normalizePhoneNumber(sms.to);
      return !number || !destinationPolicy(number).allowed;
    });
    const loops = outbox.filter((sms) => OUR_NUMBERS.has(sms.to));
    const automatedPerCounterpart = new Map<string, number>();
    // Texts from the onboarding number are sign-up replies, under their own per-sender cap (checked below).
    for (const sms of toCounterparts.filter((text) => text.from !== NUMBERS.onboarding))
      automatedPerCounterpart.set(
        `${sms.from}>${sms.to}`,
        (automatedPerCounterpart.get(`${sms.from}>${sms.to}`) ?? 0) + 1,
      );
    const metrics = harness.metrics();
    const missedCalls = metrics[MetricName.MISSED_CALL] ?? 0;
    const alertsTo = (business: string) =>
      outbox.filter(
        (sms) =>
          sms.to === OWNERS.get(business) &&
          sms.from === business &&
          !/texts to customers for today|alerts for today\. /.test(sms.body),
      ).length;
    const ownerAlerts = outbox.filter((sms) => owners.has(sms.to) && sms.body.startsWith('Missed call')).length;

    const signupRepliesPerSender = FLOOD_SENDERS.map(
      (sender) => outbox.filter((sms) => sms.from === NUMBERS.onboarding && sms.to === sender).length,
    );
    const textsToVictim = outbox.filter((sms) => sms.to === VICTIM).length;

    printFigures(`Hostile traffic (${WEBHOOKS} webhooks, ${CONCURRENCY} at a time)`, {
      ...Object.fromEntries(Object.entries(sent).map(([name, count]) => [`webhooks: ${name}`, count])),
      'texts sent': outbox.length,
      'texts to callers and customers': toCounterparts.length,
      'texts to blocked destinations': blockedDestinations.length,
      'texts to our own numbers (loops)': loops.length,
      'destinations refused (sms.destination_blocked)': metrics[MetricName.SMS_DESTINATION_BLOCKED] ?? 0,
      'loops stopped (sms.loop_blocked)': metrics[MetricName.SMS_LOOP_BLOCKED] ?? 0,
      'automated texts held back (sms.counterpart_limited)': metrics[MetricName.SMS_COUNTERPART_LIMITED] ?? 0,
      'most texts to one counterpart from one number': Math.max(0, ...automatedPerCounterpart.values()),
      'missed calls': missedCalls,
      'owner alerts of missed calls': ownerAlerts,
      'owner alerts and forwards, by business': BUSINESSES.map(
        (business) => `${alertsTo(business)} of ${callsTo.get(business) ?? 0}`,
      ).join(', '),
      'owner alerts held back past DAILY_OWNER_SMS_CAP (500)': metrics[MetricName.SMS_OWNER_CAP_REACHED] ?? 0,
      'sends Twilio refused': metrics[MetricName.SMS_SEND_FAILED] ?? 0,
      'sign-up: most replies to one flooding sender (SIGNUP_REPLIES_PER_DAY 20)': Math.max(
        0,
        ...signupRepliesPerSender,
      ),
      'sign-up: replies held back (onboarding.reply_capped)': metrics[MetricName.ONBOARDING_REPLY_CAPPED] ?? 0,
      'sign-up: texts to the victim named for alerts': textsToVictim,
      'sign-up: our own numbers refused as alert phone': metrics[MetricName.ONBOARDING_OWN_NUMBER_REFUSED] ?? 0,
      'sign-up: names with a link refused': metrics[MetricName.ONBOARDING_NAME_REFUSED] ?? 0,
      'webhooks per second': WEBHOOKS / seconds,
    });

    expect(blockedDestinations).toEqual([]);
    expect(loops).toEqual([]);
    expect(Math.max(0, ...automatedPerCounterpart.values())).toBeLessThanOrEqual(3);
    // Within the owner budget (500 alerts and forwards a day), every missed call and forwarded text reaches its owner.
    for (const business of BUSINESSES) expect(alertsTo(business)).toBe(Math.min(callsTo.get(business) ?? 0, 500));
    expect(metrics[MetricName.SMS_SEND_FAILED] ?? 0).toBe(0);
    // Sign-up floods: each sender gets at most its daily replies, a victim named for alerts at most the one request.
    expect(Math.max(0, ...signupRepliesPerSender)).toBeLessThanOrEqual(20);
    expect(textsToVictim).toBeLessThanOrEqual(1);
  }, 600_000);

  it('an approval swap and look-alike names: a sign-up changed after listing gets 0 numbers, no look-alike is accepted', async () => {
    const harness = await startHarness(undefined, { signup: { approvalRequired: true } });
    try {
      let sid = 0;
      const text = (from: string, body: string) =>
        harness.sms(incomingSms(`SM${(sid += 1).toString(16).padStart(32, 'f')}`, NUMBERS.onboarding, from, body));
      const signups = new DynamoSignupDecisions(harness.db, harness.config.activity.activityTable);
      const owner = '+447922110000' as E164;
      const laterAlert = '+447922110099';
      for (const body of ['Hi', 'Nice Co', 'YES', 'YES']) await text(owner, body);
      const [listed] = await signups.pendingApprovals();
      const fingerprint = signupFingerprint({ ...listed!, ownerPhone: listed!.phone });
      // After the listing: a new name and another alert phone, accepted by that phone.
      for (const body of ['RESTART', 'FREE PRIZE Co', laterAlert, 'YES']) await text(owner, body);
      await text(laterAlert, 'YES');

      const decide = () =>
        decideSignup(owner, 'approve', { signups, clock: { now: () => new Date() } }, { fingerprint });
      await expect(decide()).rejects.toThrow('changed since listed; list again');
      await harness.functions.serveWaitingList();
      const ownersClients = (
        await new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable).listClients()
      ).filter((client) => client.ownerPhone === owner || client.ownerPhone === laterAlert);

      // Look-alikes of Ace Plumbing and names that hide or smuggle, from many senders at once.
      const attacks = [
        '\u0410ce Plumbing',
        'Ace PIumbing',
        'Ace\u3164Plumbing',
        'Ace Plumbing\u{E0041}',
        'Ace\u2800Plumbing',
        'evil\uFF0Ecom',
        'Call \uFF10\uFF19\uFF10\uFF16\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17',
      ];
      const senders = Array.from(
        { length: scaled(70, 14) },
        (_, index) => `+4479221200${String(index).padStart(2, '0')}`,
      );
      await Promise.all(
        senders.map(async (sender, index) => {
          await text(sender, 'Hi');
          await text(sender, attacks[index % attacks.length]!);
        }),
      );
      const accepted = (
        await Promise.all(senders.map((sender) => harness.activityItem(`SIGNUP#${sender}`, 'SIGNUP')))
      ).filter((conversation) => conversation?.step !== 'ASK_BUSINESS_NAME');

      printFigures('Approval swap and look-alike names', {
        'numbers assigned to the changed sign-up': ownersClients.length,
        'look-alike and hiding names sent': senders.length,
        'look-alike and hiding names accepted': accepted.length,
      });
      expect(ownersClients).toEqual([]);
      expect(await harness.activityItem(`SIGNUP#${owner}`, 'SIGNUP')).toMatchObject({ step: 'AWAITING_APPROVAL' });
      expect(accepted).toEqual([]);
    } finally {
      await harness.close();
    }
  }, 120_000);

  // Issue 17 §2: premium, satellite and 1-900 owner and alert phones, with ring mode. Self-contained: its own harness.
  it('premium, satellite and 1-900 owner phones with ring mode: 0 dials and 0 texts to a blocked destination', async () => {
    const money = await startHarness(RING_SEED);
    try {
      const blockedOwners = ['+449098790123', '+881612345678', '+19005550123'];
      const directory = new DynamoNumberDirectory(money.db, money.config.directory.directoryTable);
      // Stored before the policy covered owner phones (every door refuses them now), each in ring mode.
      for (const [index, owner] of blockedOwners.entries()) {
        const business = `+4474769552${String(index).padStart(2, '0')}` as E164;
        await directory.putClient({
          id: `money${index}`,
          businessName: `Money ${index}`,
          ownerPhone: owner as E164,
          twilioNumber: business,
          callMode: 'ring',
        });
        await directory.putNumber({ phone: business, role: TwilioNumberRole.OPERATIONAL, clientId: `money${index}` });
      }
      const calls = scaled(600, 60);
      const dialled: string[] = [];
      for (let n = 0; n < calls; n += 1) {
        const business = `+4474769552${String(n % blockedOwners.length).padStart(2, '0')}`;
        const caller = `+4479111${String(n).padStart(5, '0')}`;
        const callSid = `CA${String(n).padStart(32, '0')}`;
        const answer = (await money.voice(incomingCall(callSid, business, caller))).body;
        dialled.push(...[...answer.matchAll(/<Number[^>]*>([^<]+)<\/Number>/g)].map((match) => match[1]!));
        await money.status(callEnded(callSid, business, caller));
      }
      // The same phones at the sign-up doors: as the phone signing up, and named for alerts by someone else.
      let texts = 0;
      const signUpText = (from: string, body: string) =>
        money.sms(incomingSms(`SM${String((texts += 1)).padStart(32, '0')}`, NUMBERS.onboarding, from, body));
      for (const [index, phone] of blockedOwners.entries()) {
        for (const body of ['Hi', 'Premium Co', 'YES', 'YES']) await signUpText(phone, body);
        const namer = `+4479330001${String(index).padStart(2, '0')}`;
        for (const body of ['Hi', 'Named Co', phone, 'YES']) await signUpText(namer, body);
      }
      const toBlocked = money.outbox().filter((sms) => blockedOwners.includes(sms.to));
      const metrics = money.metrics();
      printFigures(`Premium owner phones with ring mode (${calls} calls)`, {
        'calls to ring-mode businesses with a blocked owner phone': calls,
        'dials to blocked destinations': dialled.filter((phone) => blockedOwners.includes(phone)).length,
        'dials refused (voice.dial.destination_blocked)': metrics[MetricName.DIAL_DESTINATION_BLOCKED] ?? 0,
        'texts to blocked owner phones': toBlocked.length,
        'sign-up texts from blocked phones refused (onboarding.phone_refused)':
          metrics[MetricName.ONBOARDING_PHONE_REFUSED] ?? 0,
      });

      expect(dialled).toEqual([]);
      expect(toBlocked).toEqual([]);
      expect(metrics[MetricName.DIAL_DESTINATION_BLOCKED]).toBe(calls);
    } finally {
      await money.close();
    }
  }, 600_000);

  // Issue 17 §2: one spoofed caller floods a business with voicemails. Self-contained: its own harness.
  it('a voicemail flood from one spoofed caller texts the owner at most VOICEMAILS_PER_CALLER times', async () => {
    const flood = await startHarness(undefined, { dailySmsCap: 100_000 });
    try {
      flood.setNow(new Date('2026-11-30T09:00:00Z'));
      const transcriptions = scaled(530, 60);
      const spoofed = NUMBERS.customer;
      for (let n = 0; n < transcriptions; n += 1) {
        // One in ten from strangers, the rest from the one spoofed number.
        const caller = n % 10 === 0 ? `+4479111${String(n).padStart(5, '0')}` : spoofed;
        const callSid = `CA${String(n).padStart(32, '0')}`;
        const recordingSid = `RE${String(n).padStart(32, '0')}`;
        const response = await flood.post(
          voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
          transcriptionDone(callSid, NUMBERS.aceBusiness, caller, recordingSid, 'Call me back'),
        );
        expect(response.statusCode).toBe(200);
      }
      const voicemailTexts = flood
        .outbox()
        .filter((sms) => sms.to === NUMBERS.aceOwner && sms.body.includes('Voicemail from'));
      const fromSpoofed = voicemailTexts.filter((sms) => sms.body.includes(spoofed)).length;
      const strangers = Math.ceil(transcriptions / 10);
      printFigures(`Voicemail flood (${transcriptions} transcriptions, one spoofed caller)`, {
        'owner texts about the spoofed caller (VOICEMAILS_PER_CALLER 3)': fromSpoofed,
        'owner texts about other callers': voicemailTexts.length - fromSpoofed,
        'voicemails held back (voice.voicemail.limited)': flood.metrics()[MetricName.VOICEMAIL_LIMITED] ?? 0,
      });

      expect(fromSpoofed).toBe(3);
      // Every other caller still reaches the owner: the flood did not silence them.
      expect(voicemailTexts.length - fromSpoofed).toBe(strangers);
    } finally {
      await flood.close();
    }
  }, 600_000);

  // Issue 19: spoofed emergencies and Spanish keywords from many numbers to two businesses with EMERGENCY RING ON.
  it('an emergency and PARAR/AYUDA flood stays within DAILY_SMS_CAP, the ring budgets and the owner cap', async () => {
    const CAPS = { sms: 60, owner: 80, ringsPerHour: 5, ringsPerCaller: 5 };
    const HOURS = 4;
    const flood = await startHarness(undefined, {
      dailySmsCap: CAPS.sms,
      dailyOwnerSmsCap: CAPS.owner,
      callBudgets: { dialsPerOwnerPerHour: CAPS.ringsPerHour, dialsPerCallerPerDay: CAPS.ringsPerCaller },
    });
    try {
      const texts = scaled(1200, 300);
      const senders = Array.from({ length: scaled(300, 40) }, (_, n) => `+4479555${String(n).padStart(5, '0')}`);
      const bodies = ['I can smell gas', 'GAS LEAK', 'carbon monoxide alarm going off', 'PARAR', 'AYUDA', 'START'];
      let sids = 0;
      const text = (to: string, from: string, body: string) =>
        flood.sms(incomingSms(`SM${String((sids += 1)).padStart(32, '0')}`, to, from, body));
      // Four hours of one business day in London: the hourly dial budget refills each hour.
      const dayStart = Date.parse('2026-11-30T00:05:00Z');
      flood.setNow(new Date(dayStart));
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'EMERGENCY RING ON');
      await text(NUMBERS.clientOwnedOnly, NUMBERS.clientOwnedOnlyOwner, 'EMERGENCY RING ON');
      await text(NUMBERS.clientOwnedOnly, NUMBERS.clientOwnedOnlyOwner, 'LANGUAGE ES');
      const pick = random(19);
      const ringsPerHour: number[] = [];
      const perHour = Math.ceil(texts / HOURS);
      for (let hour = 0; hour < HOURS; hour += 1) {
        flood.setNow(new Date(dayStart + hour * 3_600_000));
        const before = flood.twilioApi.calls().length;
        for (let start = hour * perHour; start < Math.min(texts, (hour + 1) * perHour); start += CONCURRENCY)
          await Promise.all(
            Array.from({ length: Math.min(CONCURRENCY, texts - start) }, async () => {
              const business = BUSINESSES[Math.floor(pick() * BUSINESSES.length)]!;
              const sender = senders[Math.floor(pick() * senders.length)]!;
              const response = await text(business, sender, bodies[Math.floor(pick() * bodies.length)]!);
              expect(response.statusCode).toBe(200);
            }),
          );
        ringsPerHour.push(flood.twilioApi.calls().length - before);
      }
      const outbox = flood.outbox();
      const from = (business: string) => outbox.filter((sms) => sms.from === business && senders.includes(sms.to));
      const safety = (business: string) => from(business).filter((sms) => /0800 111 999|999/.test(sms.body));
      const confirmations = outbox.filter((sms) => /no more texts from|no recibirá más/i.test(sms.body));
      const mostPerSender = (list: ReadonlyArray<{ to: string; from: string }>) => {
        const counts = new Map<string, number>();
        for (const sms of list) counts.set(`${sms.from}>${sms.to}`, (counts.get(`${sms.from}>${sms.to}`) ?? 0) + 1);
        return Math.max(0, ...counts.values());
      };
      const toOwner = (business: string) => outbox.filter((sms) => sms.to === OWNERS.get(business)).length;
      const rings = flood.twilioApi.calls();
      const metrics = flood.metrics();
      printFigures(
        `Emergency and Spanish keyword flood (${texts} texts from ${senders.length} numbers, 2 businesses)`,
        {
          'emergencies detected (sms.emergency_detected)': metrics[MetricName.SMS_EMERGENCY_DETECTED] ?? 0,
          [`texts to the flooding numbers, by business (DAILY_SMS_CAP ${CAPS.sms})`]: BUSINESSES.map(
            (business) => from(business).length,
          ).join(', '),
          'safety replies, by business': BUSINESSES.map((business) => safety(business).length).join(', '),
          'most safety replies to one number from one business': mostPerSender([
            ...safety(BUSINESSES[0]!),
            ...safety(BUSINESSES[1]!),
          ]),
          'opt-out confirmations (PARAR)': confirmations.length,
          'most opt-out confirmations to one number from one business': mostPerSender(confirmations),
          'held back by DAILY_SMS_CAP (sms.daily_cap_reached)': metrics[MetricName.SMS_DAILY_CAP_REACHED] ?? 0,
          [`owner texts, by business (DAILY_OWNER_SMS_CAP ${CAPS.owner}, +50 for commands, +1 notice)`]: BUSINESSES.map(
            (business) => toOwner(business),
          ).join(', '),
          [`rings to owners (RING_DIALS_PER_HOUR ${CAPS.ringsPerHour} per owner)`]: rings.length,
          'most rings in one hour, both owners': Math.max(...ringsPerHour),
          'rings held back (voice.dial.limited)': metrics[MetricName.DIAL_LIMITED] ?? 0,
          'rings to anyone but the owners': rings.filter((call) => ![...OWNERS.values()].includes(call.to)).length,
        },
      );

      for (const business of BUSINESSES) {
        expect(from(business).length).toBeLessThanOrEqual(CAPS.sms);
        expect(toOwner(business)).toBeLessThanOrEqual(CAPS.owner + 50 + 1);
      }
      expect(mostPerSender([...safety(BUSINESSES[0]!), ...safety(BUSINESSES[1]!)])).toBe(1);
      expect(mostPerSender(confirmations)).toBeLessThanOrEqual(1);
      expect(Math.max(...ringsPerHour)).toBeLessThanOrEqual(2 * CAPS.ringsPerHour);
      for (const owner of OWNERS.values())
        expect(rings.filter((call) => call.to === owner).length).toBeLessThanOrEqual(HOURS * CAPS.ringsPerHour);
      expect(metrics[MetricName.DIAL_LIMITED] ?? 0).toBeGreaterThan(0);
      expect(rings.filter((call) => ![...OWNERS.values()].includes(call.to))).toEqual([]);
      expect(metrics[MetricName.SMS_SEND_FAILED] ?? 0).toBe(0);
    } finally {
      await flood.close();
    }
  }, 600_000);

  // Issue 19 §5: a flood of spoofed texts to a business whose CRM answers 503 forever. Self-contained: its own harness.
  it('a CRM that fails forever under a flood: each event tried CRM_MAX_RECEIVE_COUNT times, then dead-lettered, none left', async () => {
    const crm = await startTestCrm();
    const flood = await startHarness(undefined, {
      crm: { localReceiver: crm.url, crmEndpoint: new NodeCrmEndpoint(300) },
    });
    try {
      const T0 = Date.parse('2026-12-07T10:00:00Z');
      flood.setNow(new Date(T0));
      const ace = {
        id: 'c1',
        businessName: 'Ace Plumbing',
        ownerPhone: NUMBERS.aceOwner as E164,
        twilioNumber: NUMBERS.aceBusiness as E164,
      };
      await new DynamoClientAdmin(flood.db, flood.config.directory.directoryTable).setCrmWebhook(
        ace,
        { url: crm.url, secret: 'whsec_flood' },
        new Date(T0),
      );
      crm.status = 503;
      const texts = scaled(400, 100);
      for (let start = 0; start < texts; start += CONCURRENCY)
        await Promise.all(
          Array.from({ length: Math.min(CONCURRENCY, texts - start) }, async (_, offset) => {
            const n = start + offset;
            // Half to the business with the webhook, half to one without: that one publishes nothing.
            const to = n % 2 === 0 ? NUMBERS.aceBusiness : NUMBERS.clientOwnedOnly;
            const sms = incomingSms(
              `SM${String(n).padStart(32, '0')}`,
              to,
              `+4479666${String(n).padStart(5, '0')}`,
              'Hi',
            );
            expect((await flood.sms(sms)).statusCode).toBe(200);
          }),
        );
      const published = flood.functions.crm.queue.snapshot().pending.length;
      let at = T0;
      for (let round = 0; round < CRM_MAX_RECEIVE_COUNT + 2; round += 1) {
        await flood.functions.crm.drain();
        at += 901_000;
        flood.setNow(new Date(at));
      }
      const { pending, deadLetters } = flood.functions.crm.queue.snapshot();
      const attempts = new Map<string, number>();
      for (const request of crm.requests) {
        const id = request.headers['x-mct-event-id'] as string;
        attempts.set(id, (attempts.get(id) ?? 0) + 1);
      }
      printFigures(`CRM failing forever (${texts} spoofed texts, half to a business with a webhook)`, {
        'job events published': published,
        'POSTs to the CRM': crm.requests.length,
        [`most attempts of one event (CRM_MAX_RECEIVE_COUNT ${CRM_MAX_RECEIVE_COUNT})`]: Math.max(
          0,
          ...attempts.values(),
        ),
        'dead-lettered (crm.dead_lettered)': deadLetters.length,
        'left in the CRM queue after the retries': pending.length,
      });

      expect(published).toBe(texts / 2);
      expect(Math.max(0, ...attempts.values())).toBe(CRM_MAX_RECEIVE_COUNT);
      expect(crm.requests).toHaveLength(published * CRM_MAX_RECEIVE_COUNT);
      expect([pending.length, deadLetters.length]).toEqual([0, published]);
    } finally {
      await flood.close();
      await crm.close();
    }
  }, 600_000);

  // Issue 17 §3: forged screening answers for calls being rung. Self-contained: its own harness.
  it('forged screening answers are refused and never make a call count as taken', async () => {
    // Caps out of the way: a caller not texted back here can only be a call counted as taken.
    const forged = await startHarness(RING_SEED, {
      callBudgets: { dialsPerOwnerPerHour: 100_000 },
      dailySmsCap: 100_000,
    });
    try {
      const calls = scaled(300, 30);
      const answers: string[] = [];
      for (let n = 0; n < calls; n += 1) {
        const caller = `+4479111${String(n).padStart(5, '0')}`;
        const callSid = `CA${String(n).padStart(32, '0')}`;
        await forged.voice(incomingCall(callSid, NUMBERS.aceBusiness, caller));
        // Random child legs, from our business or another, to the owner or a stranger: none is the leg we dialled.
        const from = n % 2 === 0 ? NUMBERS.aceBusiness : NUMBERS.clientOwnedOnly;
        const to = n % 3 === 0 ? NUMBERS.aceOwner : NUMBERS.otherCustomer;
        const child = `CA${'f'.repeat(16)}${String(n).padStart(16, '0')}`;
        const result = await forged.post(
          WEBHOOK_ROUTES.screenResult,
          ownerLeg(child, callSid, from, to, { Digits: '1' }),
        );
        answers.push(result.body);
        await forged.post(
          WEBHOOK_ROUTES.dialAction,
          dialEnded(
            callSid,
            NUMBERS.aceBusiness,
            caller,
            'completed',
            `CA${'e'.repeat(16)}${String(n).padStart(16, '0')}`,
          ),
        );
        await forged.status(callEnded(callSid, NUMBERS.aceBusiness, caller));
      }
      const metrics = forged.metrics();
      const textedBack = new Set(forged.outbox().map((sms) => sms.to));
      const taken = Array.from({ length: calls }, (_, n) => `+4479111${String(n).padStart(5, '0')}`).filter(
        (caller) => !textedBack.has(caller),
      ).length;
      printFigures(`Forged screening answers (${calls} calls rung)`, {
        'forged key presses': calls,
        'answered Connecting': answers.filter((body) => body.includes('Connecting')).length,
        'refused (voice.screen.forged)': metrics[MetricName.SCREEN_FORGED] ?? 0,
        'calls counted as taken': taken,
        'calls connected (voice.dial.connected)': metrics[MetricName.DIAL_CONNECTED] ?? 0,
      });

      expect(answers.filter((body) => body.includes('Connecting'))).toEqual([]);
      expect(taken).toBe(0);
      expect(metrics[MetricName.DIAL_CONNECTED] ?? 0).toBe(0);
    } finally {
      await forged.close();
    }
  }, 600_000);

  // Issue 17 §1: number reuse. Self-contained: its own service, so nothing of the run above is in its way.
  it('number reuse: after release, rest and reassignment, 0 records of the old business are visible to the new owner', async () => {
    const OLD_CUSTOMERS = scaled(100, 10);
    // Room for the new owner's own commands below (every #n and DONE #n is answered), spent in full by the old business.
    const OWNER_CAP = 2 * OLD_CUSTOMERS + 30;
    const reuse = await startHarness(undefined, { dailyOwnerSmsCap: OWNER_CAP });
    try {
      const ace = NUMBERS.aceBusiness;
      const newOwner = '+447922334455';
      const customer = (index: number) => `+4479240${String(index).padStart(5, '0')}`;
      let sids = 0;
      const sid = (prefix: string) => `${prefix}${String((sids += 1)).padStart(32, '0')}`;
      const text = (to: string, from: string, body: string) => reuse.sms(incomingSms(sid('SM'), to, from, body));
      const call = (from: string) => reuse.status(callEnded(sid('CA'), ace, from, 'no-answer'));
      const admin = async (...argv: string[]) => {
        const result = await runCli([
          ...argv,
          '--endpoint',
          reuse.dynamo.endpoint,
          '--onboarding-number',
          NUMBERS.onboarding,
        ]);
        expect(result).toMatchObject({ code: 0, stderr: '' });
        return result.stdout;
      };

      // The old business: a job per customer, and its owner cap spent by missed calls.
      for (let index = 0; index < OLD_CUSTOMERS; index += 1) await text(ace, customer(index), `Job ${index}`);
      for (let index = 0; index <= OWNER_CAP - OLD_CUSTOMERS; index += 1) await call(customer(index % OLD_CUSTOMERS));
      const oldCapHits = reuse.metrics()[MetricName.SMS_OWNER_CAP_REACHED] ?? 0;
      expect(oldCapHits).toBeGreaterThan(0);

      // Released: it rests (NUMBER_QUARANTINE_DAYS, 30). Old customers calling and texting meanwhile get nothing.
      const releasedAt = Date.now();
      await admin('numbers', 'release', ace);
      const outboxAtRelease = reuse.outbox().length;
      for (let index = 0; index < OLD_CUSTOMERS; index += 1) {
        await text(ace, customer(index), 'Hello?');
        await reuse.voice({ ...incomingCallParams(sid('CA'), ace, customer(index)) });
      }
      const sentWhileResting = reuse.outbox().length - outboxAtRelease;

      // The rest is over (the clock moved past it, as POST /local/clock does); the waiting-list job puts it back.
      reuse.setNow(new Date(releasedAt + 31 * 86_400_000));
      await reuse.functions.serveWaitingList();
      for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(NUMBERS.onboarding, newOwner, body);
      const toNewOwner = () =>
        reuse
          .outbox()
          .filter((sms) => sms.to === newOwner)
          .map((sms) => sms.body);
      expect(toNewOwner().at(-1)).toContain(`Your missed-call number is ${ace}.`);
      const clients = JSON.parse(await admin('clients', 'list', '--json')) as Array<{
        id: string;
        twilioNumber: string;
      }>;
      const newClient = clients.find((client) => client.twilioNumber === ace)!.id;

      // The attack: the new owner reaches for the old business's jobs by every command.
      const beforeAttack = reuse.outbox().length;
      await text(ace, newOwner, 'JOBS');
      const jobsReply = toNewOwner().at(-1);
      for (let ref = 1; ref <= OLD_CUSTOMERS; ref += 1) await text(ace, newOwner, `#${ref} Hi, about your job`);
      for (let ref = 1; ref <= OLD_CUSTOMERS; ref += 1) await text(ace, newOwner, `DONE #${ref}`);
      await text(ace, newOwner, 'Anyone there?');
      const attackTexts = reuse.outbox().slice(beforeAttack);
      const reachedOldCustomers = attackTexts.filter((sms) => sms.to !== newOwner).length;
      const jobsClosed = attackTexts.filter((sms) => /^Job #\d+ closed/.test(sms.body)).length;

      // New traffic: the new business's own jobs start at #1 and its cap is its own.
      await text(ace, customer(0), 'New job for the new business');
      const firstNewJob = toNewOwner().at(-1) ?? '';
      const capHitsBefore = reuse.metrics()[MetricName.SMS_OWNER_CAP_REACHED] ?? 0;
      for (let index = 1; index <= 5; index += 1) await call(customer(index));
      const newAlerts = toNewOwner().filter((body) => body.startsWith('Missed call to Dave Builds')).length;
      await text(ace, newOwner, 'JOBS');
      const jobsAfter = toNewOwner().at(-1) ?? '';

      // Records: everything the new business's partition holds is its own.
      const { Items: tenureItems = [] } = await reuse.db.send(
        new QueryCommand({
          TableName: LOCAL_TABLES.activityTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CLIENT#${newClient}` },
        }),
      );
      const oldRecordsVisible = tenureItems.filter(
        (item) =>
          (item.clientId !== undefined && item.clientId !== newClient) ||
          /Job \d+/.test(String(item.lastMessagePreview ?? '')),
      ).length;
      const oldJobsForOperators = (JSON.parse(await admin('jobs', 'list', '--client', 'c1', '--json')) as unknown[])
        .length;

      printFigures(`Number reuse (${OLD_CUSTOMERS} old customers, owner cap ${OWNER_CAP})`, {
        'old business: jobs': OLD_CUSTOMERS,
        'old business: owner cap reached': oldCapHits,
        'while resting: texts sent': sentWhileResting,
        'while resting: calls counted (voice.quarantined_number)':
          reuse.metrics()[MetricName.VOICE_QUARANTINED_NUMBER] ?? 0,
        'while resting: texts counted (sms.quarantined_number)':
          reuse.metrics()[MetricName.SMS_QUARANTINED_NUMBER] ?? 0,
        'attack: #n and DONE #n texts by the new owner': 2 * OLD_CUSTOMERS,
        'attack: texts that reached an old customer': reachedOldCustomers,
        'attack: old jobs closed': jobsClosed,
        'new business: first job': firstNewJob.split(' ')[0] ?? '',
        'new business: owner alerts of 5 calls': newAlerts,
        'old tenure records visible to the new owner': oldRecordsVisible,
        'old tenure jobs an operator still sees (jobs list --client c1)': oldJobsForOperators,
      });

      expect(sentWhileResting).toBe(0);
      expect(reuse.metrics()[MetricName.VOICE_QUARANTINED_NUMBER]).toBe(OLD_CUSTOMERS);
      expect(reuse.metrics()[MetricName.SMS_QUARANTINED_NUMBER]).toBe(OLD_CUSTOMERS);
      expect(jobsReply).toBe('No open jobs.');
      expect(reachedOldCustomers).toBe(0);
      expect(jobsClosed).toBe(0);
      expect(firstNewJob).toMatch(/^#1 New job from /);
      expect(newAlerts).toBe(5);
      expect(reuse.metrics()[MetricName.SMS_OWNER_CAP_REACHED] ?? 0).toBe(capHitsBefore);
      expect(jobsAfter).toContain('#1');
      expect(jobsAfter).not.toContain('Job ');
      expect(oldRecordsVisible).toBe(0);
      expect(oldJobsForOperators).toBe(OLD_CUSTOMERS);
    } finally {
      await reuse.close();
    }
  }, 600_000);
});
