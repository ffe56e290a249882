/**
 * The one metric catalogue: every metric the functions emit, by name. Dependency-free, so the stack (alarms, dashboard)
 * and the runtime import the same names. Emitted in the environment's namespace with no dimensions.
 */
export const MetricName = {
  SIGNATURE_REJECTED: 'webhook.signature_rejected',
  BAD_REQUEST: 'webhook.bad_request',
  UNHANDLED_ERROR: 'webhook.unhandled_error',
  VOICE_ONBOARDING_VIOLATION: 'voice.invariant_violation.onboarding_number',
  VOICE_SYSTEM_NUMBER: 'voice.system_number',
  VOICE_RESOLUTION_FAILED: 'voice.resolution_failed',
  VOICE_OPERATIONAL_ANSWERED: 'voice.operational.answered',
  STATUS_ONBOARDING_VIOLATION: 'voice.status.invariant_violation.onboarding_number',
  STATUS_OPERATIONAL_NO_CLIENT: 'voice.status.error.operational_no_client',
  STATUS_DUPLICATE: 'voice.status.duplicate',
  STATUS_NOT_FINAL: 'voice.status.not_final',
  MISSED_CALL: 'voice.status.missed_call',
  TEXT_BACK_SENT: 'voice.status.text_back_sent',
  TEXT_BACK_SKIPPED_WITHHELD: 'voice.status.text_back_skipped.withheld_caller',
  OWNER_NOTIFIED: 'voice.status.owner_notified',
  SMS_SEND_FAILED: 'sms.send_failed',
  SMS_SYSTEM_NUMBER: 'sms.system_number',
  SMS_DUPLICATE: 'sms.duplicate',
  SMS_OPERATIONAL_NO_CLIENT: 'sms.error.operational_no_client',
  SMS_CUSTOMER_MESSAGE_STORED: 'sms.customer_message.stored',
  SMS_JOB_CREATED: 'sms.job.created',
  SMS_FORWARDED_TO_OWNER: 'sms.forwarded_to_owner',
  SMS_ONBOARDING_RECEIVED: 'sms.onboarding.received',
  SMS_STORE_FAILED: 'sms.store_failed',
  STATUS_NOT_RECORDED: 'voice.status.not_recorded',
  /** A redelivery found a claimed call or stored message with no record of what was sent: check Twilio's log. */
  OUTCOME_UNKNOWN: 'webhook.outcome_unknown',
  AUDIT_BREACHES: 'audit.breaches',
  SMS_DAILY_CAP_REACHED: 'sms.daily_cap_reached',
  SMS_RECIPIENT_OPTED_OUT: 'sms.recipient_opted_out',
  SMS_OPTED_OUT: 'sms.opt_out',
  SMS_OPTED_IN: 'sms.opt_in',
  SMS_HELP: 'sms.help',
  SMS_OWNER_REPLY_RELAYED: 'sms.owner_reply.relayed',
  SMS_OWNER_COMMAND: 'sms.owner_command',
  TEXT_BACK_SKIPPED_COOLDOWN: 'voice.status.text_back_skipped.cooldown',
  TEXT_BACK_SKIPPED_LOOP: 'voice.status.text_back_skipped.loop_guard',
  TEXT_BACK_SKIPPED_OPTED_OUT: 'voice.status.text_back_skipped.opted_out',
  ONBOARDING_POOL_EXHAUSTED: 'onboarding.pool_exhausted',
  ONBOARDING_NUMBER_ASSIGNED: 'onboarding.number_assigned',
  /** An inbound SMS from one of our own numbers: stored, nothing answered, forwarded or relayed (a loop stopped). */
  SMS_LOOP_BLOCKED: 'sms.loop_blocked',
  /** A text to a counterpart refused by the destination policy (premium rate, satellite, not served, landline...). */
  SMS_DESTINATION_BLOCKED: 'sms.destination_blocked',
  /** An automated text or HELP reply held back: that counterpart had its share for the day on that number. */
  SMS_COUNTERPART_LIMITED: 'sms.counterpart_limited',
  /** An owner alert or forward held back: the business reached DAILY_OWNER_SMS_CAP (the message stays on its job). */
  SMS_OWNER_CAP_REACHED: 'sms.owner_cap_reached',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];


/** One namespace per environment, so staging never pages for prod. */
export function metricsNamespace(environmentName: string): string {
  return `MissedCallTextBack/${environmentName}`;
}
