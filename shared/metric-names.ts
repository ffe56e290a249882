/**
 * The one metric catalogue: every metric the functions emit, by name. Dependency-free, so the stack (alarms, dashboard)
 * and the runtime import the same names. Emitted in the environment's namespace with no dimensions. An enum because
 * esbuild inlines its values: a bundle carries the names it emits, not the catalogue.
 */
export enum MetricName {
  SIGNATURE_REJECTED = 'webhook.signature_rejected',
  BAD_REQUEST = 'webhook.bad_request',
  UNHANDLED_ERROR = 'webhook.unhandled_error',
  VOICE_ONBOARDING_VIOLATION = 'voice.invariant_violation.onboarding_number',
  VOICE_SYSTEM_NUMBER = 'voice.system_number',
  VOICE_RESOLUTION_FAILED = 'voice.resolution_failed',
  VOICE_OPERATIONAL_ANSWERED = 'voice.operational.answered',
  STATUS_ONBOARDING_VIOLATION = 'voice.status.invariant_violation.onboarding_number',
  STATUS_OPERATIONAL_NO_CLIENT = 'voice.status.error.operational_no_client',
  STATUS_DUPLICATE = 'voice.status.duplicate',
  STATUS_NOT_FINAL = 'voice.status.not_final',
  MISSED_CALL = 'voice.status.missed_call',
  TEXT_BACK_SENT = 'voice.status.text_back_sent',
  TEXT_BACK_SKIPPED_WITHHELD = 'voice.status.text_back_skipped.withheld_caller',
  OWNER_NOTIFIED = 'voice.status.owner_notified',
  SMS_SEND_FAILED = 'sms.send_failed',
  SMS_SYSTEM_NUMBER = 'sms.system_number',
  SMS_DUPLICATE = 'sms.duplicate',
  SMS_OPERATIONAL_NO_CLIENT = 'sms.error.operational_no_client',
  SMS_CUSTOMER_MESSAGE_STORED = 'sms.customer_message.stored',
  SMS_JOB_CREATED = 'sms.job.created',
  SMS_FORWARDED_TO_OWNER = 'sms.forwarded_to_owner',
  SMS_ONBOARDING_RECEIVED = 'sms.onboarding.received',
  SMS_STORE_FAILED = 'sms.store_failed',
  /** A call status callback that could not be read or recorded: queued for redelivery and answered 200. */
  STATUS_NOT_RECORDED = 'voice.status.not_recorded',
  /** A redelivery found a claimed call or stored message with no record of what was sent: check Twilio's log. */
  OUTCOME_UNKNOWN = 'webhook.outcome_unknown',
  AUDIT_BREACHES = 'audit.breaches',
  /** A status or SMS webhook that could not finish now, put on the redelivery queue and answered 200. */
  WEBHOOK_QUEUED = 'webhook.queued',
  /** The redelivery queue could not be reached: Twilio was answered 503 and does not deliver it again. */
  WEBHOOK_QUEUE_FAILED = 'webhook.queue_failed',
  /** A queued webhook the consumer finished. */
  REDELIVERY_FINISHED = 'redelivery.finished',
  /** A queued webhook whose attempt failed again: retried later, then dead-lettered. */
  REDELIVERY_RETRIED = 'redelivery.retried',
  /**
   * A text Twilio failed to take (5xx, 429, no answer) put on the redelivery queue, to be sent from there (or, for the
   * waiting-list job's number text, recorded on the sign-up for its next runs).
   */
  SMS_SEND_QUEUED = 'sms.send_queued',
  /** Such a text whose queue (or sign-up record) could not be written: recorded as failed, nobody will send it. */
  SMS_SEND_QUEUE_FAILED = 'sms.send_queue_failed',
  /** A queued text the queue consumer (or the waiting-list job) sent. */
  SMS_RESENT = 'sms.resent',
  /** A queued text the consumer found in Twilio's message log (an attempt whose answer was lost): not sent again. */
  SMS_RESEND_FOUND = 'sms.resend_found',
  /** A queued text to a counterpart who opted out (STOP) while it waited: never sent. */
  SMS_RESEND_OPTED_OUT = 'sms.resend_opted_out',
  SMS_DAILY_CAP_REACHED = 'sms.daily_cap_reached',
  SMS_RECIPIENT_OPTED_OUT = 'sms.recipient_opted_out',
  SMS_OPTED_OUT = 'sms.opt_out',
  SMS_OPTED_IN = 'sms.opt_in',
  SMS_HELP = 'sms.help',
  SMS_OWNER_REPLY_RELAYED = 'sms.owner_reply.relayed',
  SMS_OWNER_COMMAND = 'sms.owner_command',
  /** Issue 19: a finished job's customer asked for a review (REVIEWS on, DONE #12), by the owner-texts job. */
  SMS_REVIEW_REQUESTED = 'sms.review_requested',
  /** Issue 19: an owner's Monday digest sent, by the owner-texts job. */
  SMS_DIGEST_SENT = 'sms.digest_sent',
  /** Issue 19: a review request or digest the owner-texts job gave up on (Twilio kept failing, or it came too late). */
  OWNER_TEXT_GAVE_UP = 'sms.owner_text_gave_up',
  TEXT_BACK_SKIPPED_COOLDOWN = 'voice.status.text_back_skipped.cooldown',
  TEXT_BACK_SKIPPED_LOOP = 'voice.status.text_back_skipped.loop_guard',
  TEXT_BACK_SKIPPED_OPTED_OUT = 'voice.status.text_back_skipped.opted_out',
  /**
   * Issue 19: a missed call not texted back because its caller ID failed verification (StirVerstat, the business's
   * SPAM rule). Not alarmed: it counts callers, not a fault of ours.
   */
  VOICE_SPAM_SCREENED = 'voice.spam_screened',
  ONBOARDING_POOL_EXHAUSTED = 'onboarding.pool_exhausted',
  ONBOARDING_NUMBER_ASSIGNED = 'onboarding.number_assigned',
  /** An owner's "your number is ready" text Twilio kept failing to take for a day: given up, the owner was never told. */
  ONBOARDING_NUMBER_TEXT_GAVE_UP = 'onboarding.number_text_gave_up',
  /** An inbound SMS from one of our own numbers: stored, nothing answered, forwarded or relayed (a loop stopped). */
  SMS_LOOP_BLOCKED = 'sms.loop_blocked',
  /** A text to a counterpart refused by the destination policy (premium rate, satellite, not served, landline...). */
  SMS_DESTINATION_BLOCKED = 'sms.destination_blocked',
  /** An automated text or HELP reply held back: that counterpart had its share for the day on that number. */
  SMS_COUNTERPART_LIMITED = 'sms.counterpart_limited',
  /** An owner alert or forward held back: the business reached DAILY_OWNER_SMS_CAP (the message stays on its job). */
  SMS_OWNER_CAP_REACHED = 'sms.owner_cap_reached',
  /** A confirmed sign-up went on the waiting list because this hour's assignments reached SIGNUP_ASSIGNMENTS_PER_HOUR. */
  ONBOARDING_RATE_LIMITED = 'onboarding.rate_limited',
  /** A sender reached SIGNUP_REPLIES_PER_DAY: their text was applied, no reply sent. */
  ONBOARDING_REPLY_CAPPED = 'onboarding.reply_capped',
  /** A sign-up named one of our own numbers (number table, a client's number, the onboarding number) for alerts. */
  ONBOARDING_OWN_NUMBER_REFUSED = 'onboarding.own_number_refused',
  /** An owner or alert phone the destination policy refuses (premium, satellite, landline, not served): sign-up asks again. */
  ONBOARDING_PHONE_REFUSED = 'onboarding.phone_refused',
  /** A business name with a link, an email address or a phone number in it was refused. */
  ONBOARDING_NAME_REFUSED = 'onboarding.name_refused',
  /** The alert phone named by someone else was asked to confirm with YES (one text per request). */
  ONBOARDING_ALERT_PHONE_ASKED = 'onboarding.alert_phone.asked',
  ONBOARDING_ALERT_PHONE_ACCEPTED = 'onboarding.alert_phone.accepted',
  ONBOARDING_ALERT_PHONE_DECLINED = 'onboarding.alert_phone.declined',
  /** A completed sign-up is waiting for an operator (SIGNUP_APPROVAL_REQUIRED). */
  ONBOARDING_AWAITING_APPROVAL = 'onboarding.awaiting_approval',
  /** The SMS function could not invoke the sign-up function (unreachable, throttled, no answer): queued for redelivery. */
  SIGNUP_HAND_OFF_FAILED = 'onboarding.hand_off.failed',
  /** The sign-up function was invoked with something other than a text to the ONBOARDING number: refused (a bug). */
  SIGNUP_HAND_OFF_REFUSED = 'onboarding.hand_off.refused',
  /** Issue 12: ring-first calls, screening, voicemail. */
  DIAL_CONNECTED = 'voice.dial.connected',
  DIAL_MISSED = 'voice.dial.missed',
  /** Our own dial came back to us (a carrier forward of the owner's phone, or a call from one of our numbers): ended. */
  DIAL_LOOP_BLOCKED = 'voice.dial.loop_blocked',
  /** Ring mode would have dialled an owner phone the destination policy refuses: forward mode instead (issue 17). */
  DIAL_DESTINATION_BLOCKED = 'voice.dial.destination_blocked',
  /** Ring mode's dial budget (per owner per hour, per caller per day) was spent: forward mode instead (issue 17). */
  DIAL_LIMITED = 'voice.dial.limited',
  /** A screening answer that did not come from the owner leg we dialled for that call: refused (issue 17). */
  SCREEN_FORGED = 'voice.screen.forged',
  /** A caller reached VOICEMAILS_PER_CALLER: the mailbox is full for them today, the owner is not texted (issue 17). */
  VOICEMAIL_LIMITED = 'voice.voicemail.limited',
  /** A recording or transcription callback whose URL token does not bind it to a <Record> we answered: refused. */
  VOICEMAIL_FORGED = 'voice.voicemail.forged',
  VOICEMAIL_RECORDED = 'voice.voicemail.recorded',
  /** A recording or transcription callback that could not be stored: queued for redelivery and answered 200. */
  VOICEMAIL_NOT_RECORDED = 'voice.voicemail.not_recorded',
  VOICEMAIL_TRANSCRIBED = 'voice.voicemail.transcribed',
  VOICEMAIL_OWNER_NOTIFIED = 'voice.voicemail.owner_notified',
  CALL_SETTINGS_CHANGED = 'sms.owner_command.call_settings',
  /**
   * Issue 17: a call or text to a released number resting before reuse (NUMBER_QUARANTINE_DAYS): told "no longer in
   * service" / no reply. Not alarmed: the last business's callers keep coming for a while, and nothing is at risk.
   */
  VOICE_QUARANTINED_NUMBER = 'voice.quarantined_number',
  SMS_QUARANTINED_NUMBER = 'sms.quarantined_number',
  /**
   * Issue 19: a customer's text or voicemail transcript matched one of the deployment's emergency keyword sets (the
   * safety reply, the URGENT alert and, with EMERGENCY RING ON, a ring followed). A count, not alarmed: it counts
   * customers' emergencies, not a fault.
   */
  SMS_EMERGENCY_DETECTED = 'sms.emergency_detected',
  /** Issue 19: an emergency rang the owner (EMERGENCY RING ON). Not alarmed: a count of rings. */
  EMERGENCY_RING_PLACED = 'voice.emergency_ring.placed',
  /**
   * Issue 19: Twilio refused or did not answer an emergency ring. Not alarmed: the owner's URGENT text went already,
   * and Twilio's own failures show in sms.send_failed; logged as an error with Twilio's code.
   */
  EMERGENCY_RING_FAILED = 'voice.emergency_ring.failed',
  /** Issue 19 §5: a job event put on the CRM queue for a client with a webhook. */
  CRM_EVENT_PUBLISHED = 'crm.published',
  /** A job event that could not be put on the CRM queue: logged, never fails the webhook; that CRM misses it. */
  CRM_PUBLISH_FAILED = 'crm.publish_failed',
  /** A job event the client's CRM answered 2xx. */
  CRM_DELIVERED = 'crm.delivered',
  /** An attempt the CRM answered other than 2xx, or not in time: retried with backoff, then dead-lettered. */
  CRM_DELIVERY_FAILED = 'crm.delivery_failed',
  /** A webhook URL (or an address its host resolved to) the destination rules refuse: not sent, retried, dead-lettered. */
  CRM_DESTINATION_REFUSED = 'crm.destination_refused',
  /** A job event whose last attempt failed: SQS moves it to the dead-letter queue (CrmDeadLetters pages). */
  CRM_DEAD_LETTERED = 'crm.dead_lettered',
  /** An event whose client has no webhook any more: dropped. */
  CRM_NO_WEBHOOK = 'crm.no_webhook',
}

/** One namespace per environment, so staging never pages for prod. */
export function metricsNamespace(environmentName: string): string {
  return `MissedCallTextBack/${environmentName}`;
}
