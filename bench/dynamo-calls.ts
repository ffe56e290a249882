import { CONFIG_ONBOARDING_SEED, NUMBERS } from '../test/support/seeds';
import type { TwilioParams } from '../test/support/twilio-request';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../test/support/webhook-harness';
import { sid } from '../test/support/sid';
import {
  ISSUE_19_CASES,
  runIssue19Step,
  sideEffectCounter,
  startIssue19Harness,
  type SideEffects,
} from './issue-19-paths';

export interface DynamoCallsRow {
  fn: 'voice' | 'status' | 'sms' | 'owner-texts' | 'crm';
  path: string;
  calls: string[];
  /** The same calls by the function that made them, where more than one did (sms and the signup it invokes). */
  byFunction?: Record<string, string[]>;
  /** Issue 19: what the path sent besides DynamoDB calls (SQS SendMessage, Twilio SMS and calls). */
  sideEffects?: SideEffects;
  /** The issue's bound for this path, if it has one. */
  target?: { max: number; exact?: boolean };
  met?: boolean;
}

type Step = { route: 'voice' | 'status' | 'sms'; params: TwilioParams };

interface PathCase {
  fn: 'voice' | 'status' | 'sms';
  path: string;
  /** Webhooks sent first, uncounted (an open job, a first callback). */
  before?: Step[];
  measured: Step;
  target?: DynamoCallsRow['target'];
  configOnboarding?: boolean;
}

const VOICE_ONE_READ = { max: 1, exact: true };

const CASES: PathCase[] = [
  {
    fn: 'voice',
    path: 'OPERATIONAL number with its client',
    measured: { route: 'voice', params: incomingCall(sid('CA', '1'), NUMBERS.aceBusiness, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'OPERATIONAL through its client record only',
    measured: { route: 'voice', params: incomingCall(sid('CA', '2'), NUMBERS.clientOwnedOnly, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'OPERATIONAL without a client record',
    measured: { route: 'voice', params: incomingCall(sid('CA', '3'), NUMBERS.orphanOperational, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'ONBOARDING number (number table)',
    measured: { route: 'voice', params: incomingCall(sid('CA', '4'), NUMBERS.onboarding, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'ONBOARDING number (configured only)',
    configOnboarding: true,
    measured: { route: 'voice', params: incomingCall(sid('CA', '5'), NUMBERS.onboarding, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'SYSTEM number',
    measured: { route: 'voice', params: incomingCall(sid('CA', '6'), NUMBERS.system, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'SYSTEM pool number',
    measured: { route: 'voice', params: incomingCall(sid('CA', '7'), NUMBERS.pooled, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'unknown number (SYSTEM by default)',
    measured: { route: 'voice', params: incomingCall(sid('CA', '8'), NUMBERS.unknown, NUMBERS.customer) },
    target: VOICE_ONE_READ,
  },
  {
    fn: 'voice',
    path: 'To is not a phone number (nothing to look up)',
    measured: { route: 'voice', params: incomingCall(sid('CA', '9'), 'not-a-number', NUMBERS.customer) },
    target: { max: 1 },
  },

  {
    // Issue 17: the business's items are keyed by its client, which only the directory (read in the same batch) names:
    // a function's first exchange of a number reads them once more. The rows after it are warm.
    fn: 'status',
    path: "missed call, the function's first exchange of this number (cold)",
    measured: { route: 'status', params: callEnded(sid('CA', '19'), NUMBERS.aceBusiness, '+447911000019') },
  },
  {
    fn: 'status',
    path: 'missed call, caller texted back',
    measured: { route: 'status', params: callEnded(sid('CA', '20'), NUMBERS.aceBusiness, NUMBERS.customer) },
    target: { max: 3 },
  },
  {
    fn: 'status',
    path: 'missed call, withheld caller (owner told)',
    measured: { route: 'status', params: callEnded(sid('CA', '21'), NUMBERS.aceBusiness, 'Anonymous') },
    target: { max: 3 },
  },
  {
    fn: 'status',
    path: 'missed call through client record only',
    // Warm, as the rows above: this function has seen the number before.
    before: [{ route: 'status', params: callEnded(sid('CA', '29'), NUMBERS.clientOwnedOnly, 'Anonymous') }],
    measured: { route: 'status', params: callEnded(sid('CA', '22'), NUMBERS.clientOwnedOnly, NUMBERS.otherCustomer) },
    target: { max: 3 },
  },
  {
    fn: 'status',
    path: 'repeated callback (already handled)',
    before: [{ route: 'status', params: callEnded(sid('CA', '23'), NUMBERS.aceBusiness, NUMBERS.otherCustomer) }],
    measured: { route: 'status', params: callEnded(sid('CA', '23'), NUMBERS.aceBusiness, NUMBERS.otherCustomer) },
  },
  {
    fn: 'status',
    path: 'call still in progress',
    measured: { route: 'status', params: callEnded(sid('CA', '24'), NUMBERS.aceBusiness, NUMBERS.customer, 'ringing') },
  },
  {
    fn: 'status',
    path: 'outbound call',
    measured: {
      route: 'status',
      params: callEnded(sid('CA', '25'), NUMBERS.aceBusiness, NUMBERS.customer, 'completed', {
        Direction: 'outbound-api',
      }),
    },
  },
  {
    fn: 'status',
    path: 'ONBOARDING number',
    measured: { route: 'status', params: callEnded(sid('CA', '26'), NUMBERS.onboarding, NUMBERS.customer) },
  },
  {
    fn: 'status',
    path: 'SYSTEM number',
    measured: { route: 'status', params: callEnded(sid('CA', '27'), NUMBERS.system, NUMBERS.customer) },
  },
  {
    fn: 'status',
    path: 'OPERATIONAL without a client record',
    measured: { route: 'status', params: callEnded(sid('CA', '28'), NUMBERS.orphanOperational, NUMBERS.customer) },
  },

  {
    fn: 'sms',
    path: "customer text, the function's first exchange of this number (cold)",
    measured: { route: 'sms', params: incomingSms(sid('SM', '39'), NUMBERS.aceBusiness, '+447911000039', 'Hello') },
  },
  {
    fn: 'sms',
    path: 'customer text opening a job',
    measured: {
      route: 'sms',
      params: incomingSms(sid('SM', '40'), NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap, can you come Friday?'),
    },
    target: { max: 4 },
  },
  {
    fn: 'sms',
    path: 'customer text to their open job',
    before: [
      { route: 'sms', params: incomingSms(sid('SM', '41'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Boiler') },
    ],
    measured: {
      route: 'sms',
      params: incomingSms(sid('SM', '42'), NUMBERS.aceBusiness, NUMBERS.otherCustomer, 'Also the radiator'),
    },
    target: { max: 4 },
  },
  {
    fn: 'sms',
    path: 'repeated webhook (already stored)',
    before: [{ route: 'sms', params: incomingSms(sid('SM', '43'), NUMBERS.aceBusiness, '+447911000043', 'Tap') }],
    measured: { route: 'sms', params: incomingSms(sid('SM', '43'), NUMBERS.aceBusiness, '+447911000043', 'Tap') },
  },
  {
    fn: 'sms',
    path: 'owner texting their business number',
    measured: { route: 'sms', params: incomingSms(sid('SM', '44'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS') },
  },
  {
    fn: 'sms',
    path: 'first text to the onboarding number',
    measured: {
      route: 'sms',
      params: incomingSms(sid('SM', '45'), NUMBERS.onboarding, '+447911000045', 'Hi, I want to sign up'),
    },
  },
  {
    fn: 'sms',
    path: 'sign-up answer (second text to onboarding)',
    before: [{ route: 'sms', params: incomingSms(sid('SM', '46'), NUMBERS.onboarding, '+447911000046', 'Hi') }],
    measured: {
      route: 'sms',
      params: incomingSms(sid('SM', '47'), NUMBERS.onboarding, '+447911000046', 'Harbour Heating Ltd'),
    },
  },
  {
    fn: 'sms',
    path: 'text to a SYSTEM number',
    measured: { route: 'sms', params: incomingSms(sid('SM', '48'), NUMBERS.system, NUMBERS.customer, 'Hello?') },
  },
  {
    fn: 'sms',
    path: 'text to OPERATIONAL without a client record',
    measured: {
      route: 'sms',
      params: incomingSms(sid('SM', '49'), NUMBERS.orphanOperational, NUMBERS.customer, 'Hello?'),
    },
  },
];

/**
 * Sends one webhook per path through the real handlers (the test harness: dynalite, the fake Twilio API) and records
 * the DynamoDB commands it made, as counted by middleware on the SDK client.
 */
export async function countDynamoCalls(): Promise<DynamoCallsRow[]> {
  const harness = await startHarness();
  const configOnboarding = await startHarness(CONFIG_ONBOARDING_SEED);
  try {
    const rows: DynamoCallsRow[] = [];
    for (const pathCase of CASES) {
      const target: Harness = pathCase.configOnboarding ? configOnboarding : harness;
      for (const step of pathCase.before ?? []) await target[step.route](step.params);
      target.resetCounters();
      const result = await target[pathCase.measured.route](pathCase.measured.params);
      if (result.statusCode >= 300)
        throw new Error(`${pathCase.fn} "${pathCase.path}" answered ${result.statusCode}: ${result.body}`);
      const calls = [...target.dynamoCalls];
      rows.push({
        fn: pathCase.fn,
        path: pathCase.path,
        calls,
        ...byFunction(target),
        ...withTarget(pathCase.target, calls),
      });
    }
    rows.push(...(await countIssue19Paths()));
    return rows;
  } finally {
    await Promise.all([harness.close(), configOnboarding.close()]);
  }
}

/** Issue 19's paths, in order on a harness of their own, with what each sent besides DynamoDB calls. */
async function countIssue19Paths(): Promise<DynamoCallsRow[]> {
  const { harness, close } = await startIssue19Harness();
  try {
    const rows: DynamoCallsRow[] = [];
    for (const pathCase of ISSUE_19_CASES) {
      for (const step of pathCase.before ?? []) await runIssue19Step(harness, step);
      if (pathCase.fn === 'crm') {
        const waiting = harness.functions.crm.queue.snapshot().pending.length;
        if (waiting !== 1) throw new Error(`crm "${pathCase.path}": ${waiting} events waiting, not 1`);
      }
      harness.resetCounters();
      const sideEffects = sideEffectCounter(harness);
      await runIssue19Step(harness, pathCase.measured);
      const calls = [...harness.dynamoCalls];
      rows.push({
        fn: pathCase.fn,
        path: pathCase.path,
        calls,
        ...byFunction(harness),
        sideEffects: sideEffects(),
        ...withTarget(pathCase.target, calls),
      });
    }
    if (harness.logs.some((entry) => entry.level === 'error'))
      throw new Error(`issue 19 paths logged errors: ${JSON.stringify(harness.logs.find((e) => e.level === 'error'))}`);
    return rows;
  } finally {
    await close();
  }
}

/** The calls by function, when more than one function made them. */
function byFunction(harness: Harness): Pick<DynamoCallsRow, 'byFunction'> {
  const functions = Object.entries(harness.dynamoCallsByFunction);
  return functions.length > 1
    ? { byFunction: Object.fromEntries(functions.map(([fn, calls]) => [fn, [...calls]])) }
    : {};
}

function withTarget(target: DynamoCallsRow['target'], calls: string[]): Pick<DynamoCallsRow, 'target' | 'met'> {
  if (!target) return {};
  return { target, met: target.exact ? calls.length === target.max : calls.length <= target.max };
}

if (require.main === module) {
  countDynamoCalls()
    .then((rows) => {
      for (const row of rows.filter((entry) => entry.sideEffects || entry.byFunction))
        process.stdout.write(`${JSON.stringify(row)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
