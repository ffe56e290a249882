import { parseSeed, type Seed } from '../../../local/seed';
import { normalizePhoneNumber, textableCallerNumber } from '../../../shared/domain/numbers/phone-number';
import { formBody, twilioSignature, type TwilioParams } from '../../support/twilio-request';
import { sid } from '../../support/sid';
import { callParams, incomingSms } from '../../../admin/simulate/twilio-params';

export type Route = 'voice' | 'status' | 'sms';

/** Where a call or message goes, by what the number is. */
export type Target = 'business' | 'client-owned' | 'onboarding' | 'system' | 'pool' | 'unknown' | 'orphan';

export type CallerKind = 'textable' | 'withheld' | 'invalid';

/** One webhook delivery in the plan: an original, a repeat of one (as Twilio retries), or a forgery. */
export interface PlannedWebhook {
  /** Position in the plan: the order of dispatch. */
  index: number;
  route: Route;
  params: TwilioParams;
  /** CallSid or MessageSid. */
  sid: string;
  target: Target;
  /** The E.164 number of the called or texted business number (undefined for a garbage `To`). */
  to: string;
  /** The caller or sender as Twilio sends it (maybe withheld or invalid). */
  from: string;
  callerKind: CallerKind;
  /** Status callbacks: a final status of an inbound call. */
  finalInbound?: boolean;
  /** Set on repeats: how the repeat arrives relative to the original. */
  repeat?: 'concurrent' | 'late';
  /** Signed with the wrong token: must be refused with 403 and change nothing. */
  forged?: boolean;
  /** Precomputed request: the form body and its X-Twilio-Signature for the route's public URL. */
  path: string;
  body: string;
  signature: string;
}

export interface MixedPlan {
  seed: Seed;
  webhooks: PlannedWebhook[];
  /** The originals, by sid: calls (voice + status callbacks share a CallSid) and messages. */
  calls: Map<string, PlannedCall>;
  messages: Map<string, PlannedWebhook>;
  counts: PlanCounts;
}

export interface PlannedCall {
  callSid: string;
  target: Target;
  to: string;
  from: string;
  callerKind: CallerKind;
  forged: boolean;
  /** A final status callback of an inbound call to a business with its client and a textable caller. */
  eligibleForTextBack: boolean;
}

export interface PlanCounts {
  total: number;
  byRoute: Record<Route, number>;
  repeats: number;
  concurrentRepeats: number;
  lateRepeats: number;
  forged: number;
  eligibleMissedCalls: number;
  customerMessages: number;
  onboardingMessages: number;
}

export interface MixedPlanOptions {
  /** Webhooks in the plan, repeats and forgeries included. */
  total: number;
  authToken: string;
  /** The base URL Twilio would call: signatures are computed for it plus the route. */
  publicBaseUrl: string;
  /** Share of status callbacks and SMS webhooks that Twilio repeats. */
  repeatShare?: number;
  /** Share of webhooks that are forged (wrong token). */
  forgedShare?: number;
  /** Business numbers with a client; more spread the sends so no business reaches its daily SMS cap. */
  businesses?: number;
  randomSeed?: number;
  accountSid?: string;
}

export const ONBOARDING_NUMBER = '+447476955179';
const ORPHAN_NUMBER = '+447476955190';
const SYSTEM_NUMBER = '+447476955140';
const POOL_NUMBER = '+447476955130';
const UNKNOWN_NUMBER = '+447476955199';
const WITHHELD_CALLER_IDS = ['Anonymous', '', '+266696687', 'Restricted', '+8656696', 'UNKNOWN'];
const INVALID_CALLER_IDS = ['+123', '12345', 'not-a-number', '+4400000000000'];
const FINAL_STATUSES = ['completed', 'no-answer', 'busy', 'canceled', 'failed'];
const NON_FINAL_STATUSES = ['ringing', 'in-progress', 'initiated'];
// Plain job requests: no carrier keyword (STOP, HELP, YES...) and nothing an owner command would match.
const JOB_TEXTS = [
  'Hi, my boiler has stopped heating the water, could someone come round this week?',
  'Leaking tap in the kitchen, dripping all night. When are you free?',
  'Can you quote for a new radiator in the back bedroom please',
  'The fuse box keeps tripping when the kettle is on',
  'Blocked drain outside, water pooling by the back door',
  'Is Thursday morning possible? Thanks',
  'Photo of the damp patch attached, ceiling below the bathroom',
  'Ça fuit sous l’évier 🚰 merci !',
];

/**
 * The numbers of a plan: business numbers +4474769552NN in the number table, owned by clients b0..bN (owners
 * +4474001112NN), and a fifteenth as many numbers known only from their client record (+4474769553NN, clients o0..,
 * owners +4474001113NN), so that no business gets near the daily SMS cap.
 */
export function mixedSeed(businesses: number): Seed {
  if (businesses < 1 || businesses > 99) throw new Error('businesses must be 1..99');
  const business = Array.from({ length: businesses }, (_, index) => ({
    id: `b${index}`,
    phone: `+4474769552${String(index).padStart(2, '0')}`,
    owner: `+4474001112${String(index).padStart(2, '0')}`,
  }));
  const ownedOnly = Array.from({ length: Math.ceil(businesses / 15) }, (_, index) => ({
    id: `o${index}`,
    phone: `+4474769553${String(index).padStart(2, '0')}`,
    owner: `+4474001113${String(index).padStart(2, '0')}`,
  }));
  return parseSeed({
    numbers: [
      { phone: ONBOARDING_NUMBER, role: 'ONBOARDING' },
      ...business.map((entry) => ({ phone: entry.phone, role: 'OPERATIONAL', clientId: entry.id })),
      { phone: ORPHAN_NUMBER, role: 'OPERATIONAL', clientId: 'c-missing' },
      { phone: POOL_NUMBER, role: 'SYSTEM', status: 'AVAILABLE' },
      { phone: SYSTEM_NUMBER, role: 'SYSTEM' },
    ],
    clients: [
      ...business.map((entry) => ({
        id: entry.id,
        businessName: `Trade ${entry.id}`,
        ownerPhone: entry.owner,
        twilioNumber: entry.phone,
      })),
      ...ownedOnly.map((entry) => ({
        id: entry.id,
        businessName: `Owned ${entry.id}`,
        ownerPhone: entry.owner,
        twilioNumber: entry.phone,
      })),
    ],
    onboardingNumber: ONBOARDING_NUMBER,
  });
}

/**
 * A reproducible mix of signed Twilio webhooks, in dispatch order: calls (a voice webhook, sometimes a non-final
 * status callback, then the final one) and inbound SMS to every kind of number, with a share of status callbacks and
 * SMS repeated (next to the original, so both are in flight together, or much later) and a share forged.
 * Every caller, customer and sid is unique to its webhook, so the outbox and the table can be checked exactly.
 */
export function mixedWebhooks(options: MixedPlanOptions): MixedPlan {
  const random = mulberry32(options.randomSeed ?? 20240611);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (share: number) => random() < share;
  const repeatShare = options.repeatShare ?? 0.3;
  const forgedShare = options.forgedShare ?? 0.01;
  const accountSid = options.accountSid ?? 'AC00000000000000000000000000000000';
  const seed = mixedSeed(options.businesses ?? 10);
  const businessNumbers = seed.clients
    .filter((client) => client.id.startsWith('b'))
    .map((client) => client.twilioNumber as string);
  const ownedOnlyNumbers = seed.clients
    .filter((client) => client.id.startsWith('o'))
    .map((client) => client.twilioNumber as string);

  let serial = 0;
  const unique = (prefix: 'CA' | 'SM') => sid(prefix, ++serial);
  const uniqueCaller = () => `+447912${String(serial + 100000).slice(-6)}`;
  const customerNumber = () => `+447911${String(++serial + 100000).slice(-6)}`;
  const sender = () => `+447913${String(++serial + 100000).slice(-6)}`;

  const targetNumber = (target: Target): string =>
    ({
      business: pick(businessNumbers),
      'client-owned': pick(ownedOnlyNumbers),
      onboarding: ONBOARDING_NUMBER,
      system: SYSTEM_NUMBER,
      pool: POOL_NUMBER,
      unknown: pick([UNKNOWN_NUMBER, '12345']),
      orphan: ORPHAN_NUMBER,
    })[target];
  const callTarget = (): Target =>
    weighted(random, [
      ['business', 66],
      ['client-owned', 4],
      ['onboarding', 8],
      ['system', 6],
      ['pool', 4],
      ['unknown', 6],
      ['orphan', 6],
    ]);
  const smsTarget = (): Target =>
    weighted(random, [
      ['business', 64],
      ['client-owned', 4],
      ['onboarding', 14],
      ['system', 6],
      ['pool', 4],
      ['unknown', 4],
      ['orphan', 4],
    ]);

  interface Timed extends Omit<PlannedWebhook, 'index' | 'path' | 'body' | 'signature'> {
    at: number;
  }
  const timed: Timed[] = [];
  const calls = new Map<string, PlannedCall>();
  const messages = new Map<string, PlannedWebhook>();
  // Customers that have texted a business already, so some messages land on an open job.
  const knownCustomers = new Map<string, string[]>();

  const repeatsOf = (webhook: Timed): Timed[] => {
    if (webhook.forged || !chance(repeatShare)) return [];
    return chance(0.5)
      ? [{ ...webhook, at: webhook.at + 1e-9, repeat: 'concurrent' }]
      : [{ ...webhook, at: webhook.at + 0.15 + random() * 0.5, repeat: 'late' }];
  };
  /** Status callbacks and SMS may be repeated by Twilio; voice webhooks are not. */
  const add = (webhook: Timed) => timed.push(webhook, ...(webhook.route === 'voice' ? [] : repeatsOf(webhook)));

  while (timed.length < options.total) {
    const at = random();
    const forged = chance(forgedShare);
    if (chance(0.5)) {
      const target = callTarget();
      const callSid = unique('CA');
      const callerKind: CallerKind = weighted(random, [
        ['textable', 86],
        ['withheld', 9],
        ['invalid', 5],
      ]);
      const from =
        callerKind === 'textable'
          ? uniqueCaller()
          : callerKind === 'withheld'
            ? pick(WITHHELD_CALLER_IDS)
            : pick(INVALID_CALLER_IDS);
      const to = targetNumber(target);
      const inbound = !chance(0.03);
      const base = callParams(accountSid, callSid, to, from, inbound ? 'inbound' : 'outbound-api');
      const common = { sid: callSid, target, to, from, callerKind, ...(forged ? { forged } : {}) };
      add({ ...common, route: 'voice', params: { ...base, CallStatus: 'ringing' }, at });
      if (chance(0.1)) {
        add({
          ...common,
          route: 'status',
          params: {
            ...base,
            CallStatus: pick(NON_FINAL_STATUSES),
            SequenceNumber: '0',
            CallbackSource: 'call-progress-events',
          },
          finalInbound: false,
          at: at + 0.001,
        });
      }
      const callStatus = pick(FINAL_STATUSES);
      const finalStatus: Timed = {
        ...common,
        route: 'status',
        params: {
          ...base,
          CallStatus: callStatus,
          CallDuration: '4',
          Duration: '1',
          SequenceNumber: '1',
          CallbackSource: 'call-progress-events',
          Timestamp: new Date(Date.UTC(2024, 5, 11, 9, 30)).toUTCString(),
        },
        finalInbound: inbound,
        at: at + 0.002 + random() * 0.01,
      };
      add(finalStatus);
      calls.set(callSid, {
        callSid,
        target,
        to,
        from,
        callerKind,
        forged,
        eligibleForTextBack:
          !forged &&
          inbound &&
          (target === 'business' || target === 'client-owned') &&
          textableCallerNumber(from) !== undefined,
      });
    } else {
      const target = smsTarget();
      const messageSid = unique('SM');
      const to = targetNumber(target);
      let from: string;
      let callerKind: CallerKind = 'textable';
      if (target === 'business' || target === 'client-owned') {
        const previous = knownCustomers.get(to) ?? [];
        from = previous.length > 0 && chance(0.3) ? pick(previous) : customerNumber();
        if (chance(0.02)) {
          from = pick(INVALID_CALLER_IDS);
          callerKind = 'invalid';
        } else if (!forged) knownCustomers.set(to, [...previous, from]);
      } else {
        from = sender();
      }
      const media: TwilioParams = chance(0.05)
        ? {
            NumMedia: '1',
            MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/ME${serial}`,
            MediaContentType0: 'image/jpeg',
          }
        : { NumMedia: '0' };
      const body = target === 'onboarding' ? 'Hi, I would like to sign up my business' : pick(JOB_TEXTS);
      const params: TwilioParams = { ...incomingSms(accountSid, messageSid, to, from, body), ...media };
      add({ route: 'sms', params, sid: messageSid, target, to, from, callerKind, at, ...(forged ? { forged } : {}) });
    }
  }

  const withRepeats = [...timed];
  withRepeats.sort((a, b) => a.at - b.at);
  // Trim to the exact total by dropping the last-planned repeats (never an original).
  for (let index = withRepeats.length - 1; index >= 0 && withRepeats.length > options.total; index -= 1) {
    if (withRepeats[index]?.repeat) withRepeats.splice(index, 1);
  }

  const webhooks: PlannedWebhook[] = withRepeats.map(({ at: _at, ...webhook }, index) => {
    const path = `/twilio/${webhook.route}`;
    const token = webhook.forged ? `${options.authToken}-forged` : options.authToken;
    return {
      ...webhook,
      index,
      path,
      body: formBody(webhook.params),
      signature: twilioSignature(token, options.publicBaseUrl + path, webhook.params),
    };
  });
  for (const webhook of webhooks) {
    if (webhook.route === 'sms' && !webhook.repeat) messages.set(webhook.sid, webhook);
  }

  const repeats = webhooks.filter((webhook) => webhook.repeat);
  const originals = webhooks.filter((webhook) => !webhook.repeat && !webhook.forged);
  return {
    seed,
    webhooks,
    calls,
    messages,
    counts: {
      total: webhooks.length,
      byRoute: {
        voice: webhooks.filter((webhook) => webhook.route === 'voice').length,
        status: webhooks.filter((webhook) => webhook.route === 'status').length,
        sms: webhooks.filter((webhook) => webhook.route === 'sms').length,
      },
      repeats: repeats.length,
      concurrentRepeats: repeats.filter((webhook) => webhook.repeat === 'concurrent').length,
      lateRepeats: repeats.filter((webhook) => webhook.repeat === 'late').length,
      forged: webhooks.filter((webhook) => webhook.forged).length,
      eligibleMissedCalls: [...calls.values()].filter((call) => call.eligibleForTextBack).length,
      customerMessages: originals.filter((webhook) => webhook.route === 'sms' && isCustomerMessage(webhook)).length,
      onboardingMessages: originals.filter((webhook) => webhook.route === 'sms' && webhook.target === 'onboarding')
        .length,
    },
  };
}

/** A customer texting a business that has its client, from a number that can be replied to: stored on a job. */
export function isCustomerMessage(webhook: PlannedWebhook): boolean {
  return (
    (webhook.target === 'business' || webhook.target === 'client-owned') &&
    normalizePhoneNumber(webhook.from) !== undefined
  );
}

function weighted<T>(random: () => number, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (entries.at(-1) as readonly [T, number])[0];
}

/** A small seeded PRNG, so a plan is the same on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
