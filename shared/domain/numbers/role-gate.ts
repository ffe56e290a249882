import type { LogFields, Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { NumberEntry } from '../../ports/number-directory';
import type { MetricName } from '../../metric-names';
import { isClientNumber, isResting, TwilioNumberRole, type ClientNumberInfo, type NumberRoleInfo } from './number-role';
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

/**
 * One route's entry in the gate (shared/domain/numbers/route-gates.ts): which roles it serves, and its refusal for each
 * role it does not.
 */
export interface RouteGate {
  /** Logged (info) once the role is known, with the role and where it came from (and `describe`'s words for it). */
  routed?: { message: string; describe?: (role: TwilioNumberRole) => string };
  /** `served`: the route has its own course for the ONBOARDING number (sign-up by SMS). */
  onboarding: RoleRefusal | 'served';
  system: RoleRefusal;
  /**
   * A released number resting before reuse (status RESTING: SYSTEM, owned by nobody). A route without its own entry
   * refuses it as any SYSTEM number.
   */
  resting?: RoleRefusal;
  /** An OPERATIONAL number without its client record. `afterStoring`: the route stores the message, then refuses. */
  noClient: RoleRefusal & { afterStoring?: true };
}

type RefusalsOf<G extends RouteGate> = Extract<G['onboarding' | 'system' | 'noClient' | 'resting'], RoleRefusal>;
/** What a route answers when the gate turns the number away. */
export type RefusalOutcome<G extends RouteGate> = RefusalsOf<G>['outcome'];

/** The ONBOARDING number, to a route that serves it. */
export type OnboardingNumberInfo = NumberRoleInfo & { role: TwilioNumberRole.ONBOARDING; phone: E164 };

/** Turned away: call `refuse` to count and log it and get the route's outcome. */
export interface Refused<G extends RouteGate, Reading> {
  kind: 'refused';
  refusal: RoleRefusal<RefusalOutcome<G>>;
  number: NumberRoleInfo;
  /** Undefined when the number called is not a phone number (nothing was read). */
  reading: Reading | undefined;
  fields: LogFields;
}

/** An OPERATIONAL number without its client, to a route that stores the message before refusing it. */
export interface RefusedAfterStoring<G extends RouteGate, Reading>
  extends Omit<Refused<G, Reading>, 'kind' | 'reading'> {
  kind: 'refused-after-storing';
  number: NumberRoleInfo & { phone: E164 };
  reading: Reading;
}

export type RoleGateResult<G extends RouteGate, Reading> =
  | { kind: 'client'; number: ClientNumberInfo; reading: Reading }
  | (G['onboarding'] extends 'served' ? { kind: 'onboarding'; number: OnboardingNumberInfo; reading: Reading } : never)
  | (G['noClient'] extends { afterStoring: true } ? RefusedAfterStoring<G, Reading> : never)
  | Refused<G, Reading>;

/**
 * The role gate: every route that acts on one of our numbers comes through here (STYLE rule 13). It reads the number
 * once (`read`: the directory, or the route's one snapshot that includes it), resolves its role with the one resolver
 * and lets through only the client's number, or the ONBOARDING number to a route that serves it; anything else comes
 * back as the route's refusal. `read` runs only for a valid phone number; its failure is the route's to handle.
 */
export async function passRoleGate<G extends RouteGate, Reading extends { business: NumberEntry }>(
  gate: G,
  target: { to: string; fields: LogFields },
  read: (phone: E164) => Promise<Reading>,
  rules: RoleRules,
): Promise<RoleGateResult<G, Reading>> {
  const phone = normalizePhoneNumber(target.to);
  const reading = phone ? await read(phone) : undefined;
  const number = roleFromEntry(target.to, reading?.business ?? {}, rules);
  if (gate.routed) {
    rules.logger.info(gate.routed.message, {
      ...target.fields,
      role: number.role,
      source: number.source,
      ...(gate.routed.describe ? { description: gate.routed.describe(number.role) } : {}),
    });
  }
  return decide(gate, number, reading, target.fields) as RoleGateResult<G, Reading>;
}

type AnyGateResult<Reading> =
  | { kind: 'client'; number: ClientNumberInfo; reading: Reading }
  | { kind: 'onboarding'; number: OnboardingNumberInfo; reading: Reading }
  | (Omit<RefusedAfterStoring<RouteGate, Reading>, 'refusal'> & { refusal: RoleRefusal })
  | (Omit<Refused<RouteGate, Reading>, 'refusal'> & { refusal: RoleRefusal });

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
      // Invariant 4: a SYSTEM/unknown number passes to no route: its refusal logs and counts it, nothing else. A
      // resting one (released, not yet back in the pool) is refused as out of service where the route says so.
      if (gate.resting && isResting(number.record)) return refused(gate.resting);
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
