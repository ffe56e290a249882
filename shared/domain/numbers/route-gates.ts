import { MetricName } from '../../metric-names';
import { getNumberRoleDescription } from './number-role';
import type { RouteGate } from './role-gate';

// Every route that acts on one of our numbers, with its refusals: the role gate's table (passRoleGate). Only an
// OPERATIONAL number with its client record passes (and the ONBOARDING number, to a route that serves it); everything
// else is refused by role, as its route says here. One const per route, so each function's bundle carries only its own
// (MetricName is an enum, which esbuild inlines: no catalogue rides along).

/**
 * Builds a route's table in a pure call: esbuild counts reading an imported enum's member as a possible side effect,
 * so a plain object literal would keep every route's table in every bundle.
 */
function routeGate<G extends RouteGate>(table: () => G): G {
  return table();
}

/** POST /twilio/voice: a call to one of our numbers. */
export const VOICE_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
      routed: { message: 'voice call routed by role', describe: getNumberRoleDescription },
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
      // A released number resting before reuse: a neutral "no longer in service" (never the last business's name), Say +
      // Hangup, counted; nothing dialled or recorded. Informational (not alarmed): old callers are expected for a while.
      resting: {
        outcome: 'out-of-service',
        metric: MetricName.VOICE_QUARANTINED_NUMBER,
        level: 'warn',
        message: 'voice call to a released number resting before reuse: told it is out of service',
      },
      // Invariant 3: no client, nobody to ring and nobody to give a voicemail to (counted as answered, as ever).
      noClient: {
        outcome: 'greeting',
        metric: MetricName.VOICE_OPERATIONAL_ANSWERED,
        level: 'error',
        message: 'voice call to an operational number with no client record: generic greeting',
      },
    }) as const satisfies RouteGate,
);

const RING_FIRST_REFUSED = 'ring-first callback for a number that is not a business with a client: ended';

/** The ring-first dial's callbacks (Dial action, screen, screen result), by the business number. */
export const RING_FIRST_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
      // Invariants 1, 3 and 4: only a business number with its client dials, screens or records.
      onboarding: {
        outcome: 'hang-up',
        level: 'error',
        message: RING_FIRST_REFUSED,
        metric: MetricName.VOICE_ONBOARDING_VIOLATION,
      },
      system: {
        outcome: 'hang-up',
        level: 'error',
        message: RING_FIRST_REFUSED,
        metric: MetricName.VOICE_SYSTEM_NUMBER,
      },
      noClient: {
        outcome: 'hang-up',
        level: 'error',
        message: RING_FIRST_REFUSED,
        metric: MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      },
    }) as const satisfies RouteGate,
);

const VOICEMAIL_DONE_REFUSED = 'voicemail end for a number that is not a business with a client: goodbye';

/** The voicemail's end (<Record action>): only a business number with its client has a voicemail budget to read. */
export const VOICEMAIL_DONE_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
      onboarding: {
        outcome: 'goodbye',
        level: 'error',
        message: VOICEMAIL_DONE_REFUSED,
        metric: MetricName.VOICE_ONBOARDING_VIOLATION,
      },
      system: {
        outcome: 'goodbye',
        level: 'error',
        message: VOICEMAIL_DONE_REFUSED,
        metric: MetricName.VOICE_SYSTEM_NUMBER,
      },
      noClient: {
        outcome: 'goodbye',
        level: 'error',
        message: VOICEMAIL_DONE_REFUSED,
        metric: MetricName.STATUS_OPERATIONAL_NO_CLIENT,
      },
    }) as const satisfies RouteGate,
);

/** The call status callback: the end of a call, where a missed call is texted back. */
export const STATUS_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
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
    }) as const satisfies RouteGate,
);

/** The transcription callback: a voicemail's text, delivered to the owner. */
export const TRANSCRIPTION_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
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
    }) as const satisfies RouteGate,
);

/** POST /twilio/sms: a text to one of our numbers. */
export const SMS_GATE = /* @__PURE__ */ routeGate(
  () =>
    ({
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
      // A released number resting before reuse: no reply, nothing stored (the last business's customers are not ours to
      // answer, nor the next business's), counted. Informational (not alarmed).
      resting: {
        outcome: 'quarantined-number-ignored',
        metric: MetricName.SMS_QUARANTINED_NUMBER,
        level: 'warn',
        message: 'sms to a released number resting before reuse: no reply',
      },
      // Invariant 3 on the SMS side: without a client record nothing is sent; the message stays stored.
      noClient: {
        outcome: 'operational-without-client',
        metric: MetricName.SMS_OPERATIONAL_NO_CLIENT,
        level: 'critical',
        message: 'sms to an operational number with no client record: stored, nothing sent',
        afterStoring: true,
      },
    }) as const satisfies RouteGate,
);
