import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberEntry } from '../../ports/number-directory';
import { MetricName } from '../../metric-names';
import {
  getNumberRoleDescription,
  isClientNumber,
  TwilioNumberRole,
  type ClientNumberInfo,
  type NumberRoleInfo,
} from './number-role';
import { normalizePhoneNumber, type E164 } from './phone-number';
import { roleFromEntry, type RoleRules } from './resolve-number-role';

export type { RoleRules } from './resolve-number-role';

/** How a route turns a number away: what it answers, what it counts, what it logs. */
export interface RoleRefusal<Outcome extends string = string> {
  outcome: Outcome;
  metric: MetricName;
  level: 'critical' | 'error' | 'warn';
  message: string;
}

/** One route's entry in the gate: which roles it serves, and its refusal for each role it does not. */
interface RouteGate {
  /** Logged (info) once the role is known, with the role and where it came from. */
  routed?: { message: string; withDescription?: true };
  /** `served`: the route has its own course for the ONBOARDING number (sign-up by SMS). */
  onboarding: RoleRefusal | 'served';
  system: RoleRefusal;
  /** An OPERATIONAL number without its client record. `afterStoring`: the route stores the message, then refuses. */
  noClient: RoleRefusal & { afterStoring?: true };
}

/**
 * Every route that acts on one of our numbers, with its refusals. Only an OPERATIONAL number with its client record
 * passes (and the ONBOARDING number, to a route that serves it); everything else is refused here, by role.
 */
const ROLE_GATES = {
  voice: {
    routed: { message: 'voice call routed by role', withDescription: true },
    // Invariant 1: an ONBOARDING number never takes a voice call (never dials, records or screens): Say + Hangup.
    onboarding: {
      outcome: 'text-only',
      metric: MetricName.VOICE_ONBOARDING_VIOLATION,
      level: 'critical',
      message: 'voice call to the onboarding number refused',
    },
    // Invariant 4: calls to SYSTEM/unknown numbers are logged and counted, nothing else (never dial or record).
    system: {
      outcome: 'hang-up',
      metric: MetricName.VOICE_SYSTEM_NUMBER,
      level: 'warn',
      message: 'voice call to a system number: ended without action',
    },
    // Invariant 3: no client, nobody to ring and nobody to give a voicemail to (counted as answered, as ever).
    noClient: {
      outcome: 'greeting',
      metric: MetricName.VOICE_OPERATIONAL_ANSWERED,
      level: 'error',
      message: 'voice call to an operational number with no client record: generic greeting',
    },
  },
  'ring-first': {
    // Invariants 1, 3 and 4: only a business number with its client dials, screens or records.
    onboarding: ringFirstRefusal(MetricName.VOICE_ONBOARDING_VIOLATION),
    system: ringFirstRefusal(MetricName.VOICE_SYSTEM_NUMBER),
    noClient: ringFirstRefusal(MetricName.STATUS_OPERATIONAL_NO_CLIENT),
  },
  status: {
    routed: { message: 'call status routed by role' },
    // Invariant 2: no voice status callback ever sends an onboarding SMS.
    onboarding: {
      outcome: 'onboarding-number-refused',
      metric: MetricName.STATUS_ONBOARDING_VIOLATION,
      level: 'critical',
      message: 'status callback for the onboarding number: nothing sent',
    },
    // Invariant 4: SYSTEM/unknown numbers are logged and counted, nothing else.
    system: {
      outcome: 'system-number-ignored',
      metric: MetricName.VOICE_SYSTEM_NUMBER,
      level: 'warn',
      message: 'status callback for a system number: nothing sent',
    },
    // Invariant 3: an OPERATIONAL number with no client record sends nothing.
    noClient: {
      outcome: 'operational-without-client',
      metric: MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      level: 'critical',
      message: 'operational number has no client record: nothing sent',
    },
  },
  transcription: {
    // Invariant 2: nothing from a voice callback for the onboarding number (which never records anyway).
    onboarding: {
      outcome: 'onboarding-number-refused',
      metric: MetricName.STATUS_ONBOARDING_VIOLATION,
      level: 'critical',
      message: 'transcription callback for the onboarding number: nothing sent',
    },
    // Invariant 4: SYSTEM/unknown numbers are logged and counted, nothing else.
    system: {
      outcome: 'system-number-ignored',
      metric: MetricName.VOICE_SYSTEM_NUMBER,
      level: 'warn',
      message: 'transcription callback for a system number: nothing sent',
    },
    // Invariant 3: an OPERATIONAL number without its client sends nothing.
    noClient: {
      outcome: 'operational-without-client',
      metric: MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      level: 'critical',
      message: 'operational number has no client record: voicemail not delivered',
    },
  },
  sms: {
    routed: { message: 'sms routed by role' },
    // The sign-up conversation (carrier keywords first): the onboarding number's own course.
    onboarding: 'served',
    // Invariant 4 on the SMS side: texts to SYSTEM/unknown numbers are logged and counted, nothing else.
    system: {
      outcome: 'system-number-ignored',
      metric: MetricName.SMS_SYSTEM_NUMBER,
      level: 'warn',
      message: 'sms to a system number: no action',
    },
    // Invariant 3 on the SMS side: without a client record nothing is sent; the message stays stored.
    noClient: {
      outcome: 'operational-without-client',
      metric: MetricName.SMS_OPERATIONAL_NO_CLIENT,
      level: 'critical',
      message: 'sms to an operational number with no client record: stored, nothing sent',
      afterStoring: true,
    },
  },
} as const satisfies Record<string, RouteGate>;

function ringFirstRefusal(metric: MetricName) {
  return {
    outcome: 'hang-up',
    metric,
    level: 'error',
    message: 'ring-first callback for a number that is not a business with a client: ended',
  } as const;
}

export type GatedRoute = keyof typeof ROLE_GATES;
type GateOf<R extends GatedRoute> = (typeof ROLE_GATES)[R];
type RefusalsOf<R extends GatedRoute> = Extract<GateOf<R>['onboarding' | 'system' | 'noClient'], RoleRefusal>;
/** What a route answers when the gate turns the number away. */
export type RefusalOutcome<R extends GatedRoute> = RefusalsOf<R>['outcome'];

/** The ONBOARDING number, to a route that serves it. */
export type OnboardingNumberInfo = NumberRoleInfo & { role: TwilioNumberRole.ONBOARDING; phone: E164 };

/** Turned away: call `refuse` to count and log it and get the route's outcome. */
export interface Refused<R extends GatedRoute, Reading> {
  kind: 'refused';
  refusal: RoleRefusal<RefusalOutcome<R>>;
  number: NumberRoleInfo;
  /** Undefined when the number called is not a phone number (nothing was read). */
  reading: Reading | undefined;
  fields: LogFields;
}

/** An OPERATIONAL number without its client, to a route that stores the message before refusing it. */
export interface RefusedAfterStoring<R extends GatedRoute, Reading>
  extends Omit<Refused<R, Reading>, 'kind' | 'reading'> {
  kind: 'refused-after-storing';
  number: NumberRoleInfo & { phone: E164 };
  reading: Reading;
}

export type RoleGateResult<R extends GatedRoute, Reading> =
  | { kind: 'client'; number: ClientNumberInfo; reading: Reading }
  | (GateOf<R>['onboarding'] extends 'served'
      ? { kind: 'onboarding'; number: OnboardingNumberInfo; reading: Reading }
      : never)
  | (GateOf<R>['noClient'] extends { afterStoring: true } ? RefusedAfterStoring<R, Reading> : never)
  | Refused<R, Reading>;

/**
 * The role gate: every route that acts on one of our numbers comes through here (STYLE rule 13). It reads the number
 * once (`read`: the directory, or the route's one snapshot that includes it), resolves its role with the one resolver
 * and lets through only the client's number, or the ONBOARDING number to a route that serves it; anything else comes
 * back as the route's refusal. `read` runs only for a valid phone number; its failure is the route's to handle.
 */
export async function passRoleGate<R extends GatedRoute, Reading extends { business: NumberEntry }>(
  route: R,
  target: { to: string; fields: LogFields },
  read: (phone: E164) => Promise<Reading>,
  rules: RoleRules,
): Promise<RoleGateResult<R, Reading>> {
  const gate: RouteGate = ROLE_GATES[route];
  const phone = normalizePhoneNumber(target.to);
  const reading = phone ? await read(phone) : undefined;
  const number = roleFromEntry(target.to, reading?.business ?? {}, rules);
  if (gate.routed) {
    rules.logger.info(gate.routed.message, {
      ...target.fields,
      role: number.role,
      source: number.source,
      ...(gate.routed.withDescription ? { description: getNumberRoleDescription(number.role) } : {}),
    });
  }
  return decide(gate, number, reading, target.fields) as RoleGateResult<R, Reading>;
}

type AnyGateResult<Reading> =
  | { kind: 'client'; number: ClientNumberInfo; reading: Reading }
  | { kind: 'onboarding'; number: OnboardingNumberInfo; reading: Reading }
  | (Omit<RefusedAfterStoring<GatedRoute, Reading>, 'refusal'> & { refusal: RoleRefusal })
  | (Omit<Refused<GatedRoute, Reading>, 'refusal'> & { refusal: RoleRefusal });

/** The decision itself, pure: the resolved role against the route's entry. */
function decide<Reading>(
  gate: RouteGate,
  number: NumberRoleInfo,
  reading: Reading | undefined,
  fields: LogFields,
): AnyGateResult<Reading> {
  if (isClientNumber(number) && reading) return { kind: 'client', number, reading };
  const refused = (refusal: RoleRefusal) => ({ kind: 'refused' as const, refusal, number, reading, fields });
  switch (number.role) {
    case TwilioNumberRole.ONBOARDING:
      // Invariants 1 and 2: the ONBOARDING number passes only to a route that serves it (SMS sign-up), no voice one.
      if (gate.onboarding !== 'served') return refused(gate.onboarding);
      // The resolver gives ONBOARDING only to a valid number, which was read: this is the served course.
      if (number.phone && reading) {
        return { kind: 'onboarding', number: { ...number, role: number.role, phone: number.phone }, reading };
      }
      return refused(gate.system);
    case TwilioNumberRole.SYSTEM:
      // Invariant 4: a SYSTEM/unknown number passes to no route: its refusal logs and counts it, nothing else.
      return refused(gate.system);
    case TwilioNumberRole.OPERATIONAL:
      // Invariant 3: an OPERATIONAL number without its client record passes to no route, so nothing is sent for it.
      if (gate.noClient.afterStoring && number.phone && reading) {
        return {
          ...refused(gate.noClient),
          kind: 'refused-after-storing',
          number: { ...number, phone: number.phone },
          reading,
        };
      }
      return refused(gate.noClient);
  }
}

/** Counts and logs a refusal (with the role and where it came from) and gives the route's outcome for it. */
export function refuse<Outcome extends string>(
  refused: { refusal: RoleRefusal<Outcome>; number: NumberRoleInfo; fields: LogFields },
  deps: { metrics: Metrics; logger: Logger },
): Outcome {
  const { refusal, number, fields } = refused;
  deps.metrics.count(refusal.metric);
  deps.logger[refusal.level](refusal.message, { ...fields, role: number.role, source: number.source });
  return refusal.outcome;
}
