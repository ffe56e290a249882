import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import { getNumberRoleDescription, TwilioNumberRole, type NumberRoleInfo } from '../numbers/number-role';
import { maskPhoneNumber, maskPhoneNumbersIn } from '../numbers/phone-number';

export interface IncomingCall {
  callSid: string;
  to: string;
  from: string;
  forwardedFrom?: string;
}

/** What the caller hears. Rendered to TwiML at the edge. */
export type VoiceAnswer =
  | { kind: 'greeting'; businessName?: string }
  | { kind: 'text-only'; }
  | { kind: 'hang-up' };

export interface AnswerVoiceCallDeps {
  resolveRole: (phone: string) => Promise<NumberRoleInfo>;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Answers an incoming call by the role of the number called.
 * Primary course: OPERATIONAL -> a short greeting in the business's name; the call's end reaches the status webhook.
 */
export async function answerVoiceCall(call: IncomingCall, deps: AnswerVoiceCallDeps): Promise<VoiceAnswer> {
  const { logger, metrics } = deps;
  const callFields = { callSid: call.callSid, to: maskPhoneNumber(call.to), from: maskPhoneNumber(call.from) };

  let info: NumberRoleInfo;
  try {
    info = await deps.resolveRole(call.to);
  } catch (error) {
    // Never fall back to anything onboarding: an unresolvable number just ends the call.
    metrics.count(MetricName.VOICE_RESOLUTION_FAILED);
    logger.error('could not resolve the role of the called number: call ended', { ...callFields, error: maskPhoneNumbersIn(String(error)) });
    return { kind: 'hang-up' };
  }

  logger.info('voice call routed by role', {
    ...callFields,
    role: info.role,
    source: info.source,
    description: getNumberRoleDescription(info.role),
  });

  switch (info.role) {
    case TwilioNumberRole.ONBOARDING:
      // Invariant 1: an ONBOARDING number never takes a voice call.
      metrics.count(MetricName.VOICE_ONBOARDING_VIOLATION);
      logger.critical('voice call to the onboarding number refused', { ...callFields, source: info.source });
      return { kind: 'text-only' };

    case TwilioNumberRole.SYSTEM:
      // Invariant 4: calls to SYSTEM/unknown numbers are logged and counted, nothing else.
      metrics.count(MetricName.VOICE_SYSTEM_NUMBER);
      logger.warn('voice call to a system number: ended without action', { ...callFields, source: info.source });
      return { kind: 'hang-up' };

    case TwilioNumberRole.OPERATIONAL:
      metrics.count(MetricName.VOICE_OPERATIONAL_ANSWERED);
      if (!info.client) {
        logger.error('voice call to an operational number with no client record: generic greeting', callFields);
        return { kind: 'greeting' };
      }
      return { kind: 'greeting', businessName: info.client.businessName };
  }
}
