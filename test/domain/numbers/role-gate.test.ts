import { TwilioNumberRole, type Client } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import { passRoleGate, refuse } from '../../../shared/domain/numbers/role-gate';
import {
  RING_FIRST_GATE,
  SMS_GATE,
  STATUS_GATE,
  TRANSCRIPTION_GATE,
  VOICE_GATE,
} from '../../../shared/domain/numbers/route-gates';
import { MetricName } from '../../../shared/metric-names';
import type { NumberEntry } from '../../../shared/ports/number-directory';
import { RecordingLogger, RecordingMetrics } from '../../support/recording-ports';
import { NUMBERS } from '../../support/seeds';

const ONBOARDING = NUMBERS.onboarding as E164;
const BUSINESS = NUMBERS.aceBusiness as E164;
const ORPHAN = NUMBERS.orphanOperational as E164;
const SYSTEM = NUMBERS.system as E164;
const UNKNOWN = NUMBERS.unknown as E164;

const ACE: Client = {
  id: 'client-ace',
  businessName: 'Ace Plumbing',
  ownerPhone: NUMBERS.aceOwner as E164,
  twilioNumber: BUSINESS,
};

/** What the directory holds, as the routes' one read returns it. */
const DIRECTORY: Record<string, NumberEntry> = {
  [BUSINESS]: { record: { phone: BUSINESS, role: TwilioNumberRole.OPERATIONAL, clientId: ACE.id }, owner: ACE },
  [ORPHAN]: { record: { phone: ORPHAN, role: TwilioNumberRole.OPERATIONAL, clientId: 'client-gone' } },
  [SYSTEM]: { record: { phone: SYSTEM, role: TwilioNumberRole.SYSTEM } },
};

/** Each route's entry in the gate's table, by name. */
const GATES = {
  voice: VOICE_GATE,
  'ring-first': RING_FIRST_GATE,
  status: STATUS_GATE,
  transcription: TRANSCRIPTION_GATE,
  sms: SMS_GATE,
};

describe('the role gate: one place decides which number a route may act for', () => {
  let logger: RecordingLogger;
  let metrics: RecordingMetrics;
  let reads: E164[];
  const read = async (phone: E164) => {
    reads.push(phone);
    return { business: DIRECTORY[phone] ?? {}, readFor: phone };
  };
  const pass = <R extends keyof typeof GATES>(route: R, to: string) =>
    passRoleGate(GATES[route], { to, fields: { callSid: 'CA01' } }, read, { onboardingNumber: ONBOARDING, logger });

  beforeEach(() => {
    logger = new RecordingLogger();
    metrics = new RecordingMetrics();
    reads = [];
  });

  it.each(['voice', 'ring-first', 'status', 'transcription', 'sms'] as const)(
    "lets the business number through to %s with its client and the route's one read",
    async (route) => {
      const gate = await pass(route, BUSINESS);

      expect(gate).toMatchObject({
        kind: 'client',
        number: { phone: BUSINESS, client: ACE },
        reading: { readFor: BUSINESS },
      });
      expect(reads).toEqual([BUSINESS]);
    },
  );

  it.each([
    [
      'voice',
      ONBOARDING,
      'text-only',
      MetricName.VOICE_ONBOARDING_VIOLATION,
      'critical',
      'voice call to the onboarding number refused',
    ],
    [
      'voice',
      SYSTEM,
      'hang-up',
      MetricName.VOICE_SYSTEM_NUMBER,
      'warn',
      'voice call to a system number: ended without action',
    ],
    [
      'voice',
      ORPHAN,
      'greeting',
      MetricName.VOICE_OPERATIONAL_ANSWERED,
      'error',
      'voice call to an operational number with no client record: generic greeting',
    ],
    [
      'ring-first',
      ONBOARDING,
      'hang-up',
      MetricName.VOICE_ONBOARDING_VIOLATION,
      'error',
      'ring-first callback for a number that is not a business with a client: ended',
    ],
    [
      'ring-first',
      SYSTEM,
      'hang-up',
      MetricName.VOICE_SYSTEM_NUMBER,
      'error',
      'ring-first callback for a number that is not a business with a client: ended',
    ],
    [
      'ring-first',
      ORPHAN,
      'hang-up',
      MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      'error',
      'ring-first callback for a number that is not a business with a client: ended',
    ],
    [
      'status',
      ONBOARDING,
      'onboarding-number-refused',
      MetricName.STATUS_ONBOARDING_VIOLATION,
      'critical',
      'status callback for the onboarding number: nothing sent',
    ],
    [
      'status',
      SYSTEM,
      'system-number-ignored',
      MetricName.VOICE_SYSTEM_NUMBER,
      'warn',
      'status callback for a system number: nothing sent',
    ],
    [
      'status',
      ORPHAN,
      'operational-without-client',
      MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      'critical',
      'operational number has no client record: nothing sent',
    ],
    [
      'transcription',
      ONBOARDING,
      'onboarding-number-refused',
      MetricName.STATUS_ONBOARDING_VIOLATION,
      'critical',
      'transcription callback for the onboarding number: nothing sent',
    ],
    [
      'transcription',
      SYSTEM,
      'system-number-ignored',
      MetricName.VOICE_SYSTEM_NUMBER,
      'warn',
      'transcription callback for a system number: nothing sent',
    ],
    [
      'transcription',
      ORPHAN,
      'operational-without-client',
      MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      'critical',
      'operational number has no client record: voicemail not delivered',
    ],
    ['sms', SYSTEM, 'system-number-ignored', MetricName.SMS_SYSTEM_NUMBER, 'warn', 'sms to a system number: no action'],
    [
      'sms',
      UNKNOWN,
      'system-number-ignored',
      MetricName.SMS_SYSTEM_NUMBER,
      'warn',
      'sms to a system number: no action',
    ],
  ] as const)(
    '%s refuses %s: answers %s, counts %s, logs at %s',
    async (route, to, outcome, metric, level, message) => {
      const gate = await pass(route, to);
      if (gate.kind !== 'refused') throw new Error(`expected a refusal, got ${gate.kind}`);

      expect(refuse(gate, { metrics, logger })).toBe(outcome);
      expect(metrics.counts).toEqual({ [metric]: 1 });
      // The refusal's own line, after whatever the resolver said about the number.
      expect(logger.entries.at(-1)).toEqual({
        level,
        message,
        fields: { callSid: 'CA01', role: gate.number.role, source: gate.number.source },
      });
    },
  );

  it('never reads, and refuses as a system number, a called number that is not a phone number', async () => {
    const gate = await pass('status', 'not-a-number');

    expect(gate).toMatchObject({ kind: 'refused', number: { role: TwilioNumberRole.SYSTEM }, reading: undefined });
    expect(reads).toEqual([]);
  });

  it('counts nothing until the route reports the refusal', async () => {
    await pass('voice', ONBOARDING);

    expect(metrics.counts).toEqual({});
  });

  it('gives the SMS route the onboarding number, which it serves with the sign-up conversation', async () => {
    const gate = await pass('sms', ONBOARDING);

    expect(gate).toMatchObject({ kind: 'onboarding', number: { phone: ONBOARDING }, reading: { readFor: ONBOARDING } });
  });

  it('gives the SMS route its refusal of an operational number without its client to report after storing the text', async () => {
    const gate = await pass('sms', ORPHAN);
    if (gate.kind !== 'refused-after-storing') throw new Error(`expected a refusal after storing, got ${gate.kind}`);

    expect(gate.reading).toMatchObject({ readFor: ORPHAN });
    expect(refuse(gate, { metrics, logger })).toBe('operational-without-client');
    expect(metrics.counts).toEqual({ [MetricName.SMS_OPERATIONAL_NO_CLIENT]: 1 });
  });

  it('logs how a voice call was routed, with the role, where it came from and what the role means', async () => {
    await pass('voice', BUSINESS);

    expect(logger.entries).toEqual([
      {
        level: 'info',
        message: 'voice call routed by role',
        fields: {
          callSid: 'CA01',
          role: TwilioNumberRole.OPERATIONAL,
          source: 'pool',
          description: "a client business's number: missed-call text-back and customer job intake",
        },
      },
    ]);
  });
});
