import type { AlarmThresholds } from './environments';
import { MetricName } from '../shared/metric-names';
import type { ScheduledJobName } from './scheduled-job';

/**
 * Every alarm that pages on-call, one row each: what it watches, when it pages, what on-call reads, and (derived from
 * its name) its runbook anchor. lib/service-alarms.ts builds the alarms from these rows and nothing else, so the docs
 * and the tests read the same list the stack deploys. A declarative table: one row per alarm, never repeated calls.
 */

export type WebhookName = 'voice' | 'status' | 'sms';

/** CloudWatch periods the alarms use, in seconds. */
export type PeriodSeconds = 60 | 300 | 3600;

/** What an alarm watches. Application metrics: in the environment's namespace, with no dimensions (as emitted). */
export type AlarmWatch =
  | { kind: 'app'; metric: MetricName; periodSeconds: PeriodSeconds; statistic?: 'Sum' | 'SampleCount' }
  | {
      kind: 'lambda';
      fn: WebhookName | ScheduledJobName | 'crm' | 'signup';
      metric: 'Errors' | 'Throttles';
      periodSeconds: PeriodSeconds;
    }
  /** Messages waiting in a redelivery (or the CRM) queue's dead-letter queue (the maximum over a minute). */
  | { kind: 'deadLetters'; route: 'status' | 'sms' | 'crm' }
  /** The REST API stage: 5xx answers (sum) or p99 latency, over 5 minutes. */
  | { kind: 'api'; metric: '5XXError' | 'Latency' };

export interface AlarmRow {
  /** The alarm's id; its CloudWatch name is `MissedCallTextBack-<env>-<name>`, its runbook heading `## <name>`. */
  name: string;
  watch: AlarmWatch;
  /** `any`: pages on any count above zero; otherwise pages when the statistic reaches the threshold (`below`: drops under it). */
  threshold: 'any' | number | ((thresholds: AlarmThresholds) => number);
  below?: true;
  /** Periods that must all breach (default 1). */
  evaluationPeriods?: number;
  /** Missing data pages too (default: it does not, because application metrics are only emitted when counted). */
  missingDataBreaches?: true;
  /** The webhook deployments this alarm rolls back while they shift traffic. */
  rollsBack?: readonly WebhookName[];
  /** What on-call reads when paged: what happened, what the code already did about it, what to do. */
  onCall: string | ((thresholds: AlarmThresholds) => string);
}

/** The audit runs once a day; a day and two hours without its metric means a run was missed. */
export const AUDIT_SILENCE_HOURS = 26;

/**
 * Voicemails are few (a recording and a transcription callback each), and a failed one is queued and usually finished
 * by its first redelivery (30 s later): one failure is a blip. A second in five minutes, whether that voicemail failing
 * again on redelivery or another voicemail, means the store keeps failing.
 */
export const VOICEMAIL_NOT_RECORDED_PER_5_MINUTES = 2;

/** Where the runbook explains an alarm: docs/operations.md has a `## <AlarmName>` heading for each. */
export function runbookAnchor(alarmName: string): string {
  return `docs/operations.md#${alarmName.toLowerCase()}`;
}

/** What happens to a status or SMS webhook that fails where finishing it later is safe, said once for every row. */
const QUEUED = (route: 'status' | 'sms') =>
  `Each was answered 200 and queued on the ${route} redelivery queue, whose consumer finishes it with the same use case, retrying with backoff; one that fails every attempt goes to the dead-letter queue, which pages ${route === 'status' ? 'StatusRedeliveryDeadLetters' : 'SmsRedeliveryDeadLetters'}, and \`npm run admin -- replay --env <env>\` moves it back.`;

const NOT_QUEUED =
  'Nothing was queued (that happens inside the function), and Twilio does not deliver a failed status callback or text again.';

export const ALARM_TABLE: readonly AlarmRow[] = [
  // Invariants: any one in a minute pages, whatever the environment.
  {
    name: 'VoiceOnboardingInvariant',
    watch: { kind: 'app', metric: MetricName.VOICE_ONBOARDING_VIOLATION, periodSeconds: 60 },
    threshold: 'any',
    rollsBack: ['voice'],
    onCall:
      'A voice call reached the onboarding number and was refused. Invariant: the onboarding number never answers calls. Check which number Twilio routes here.',
  },
  {
    name: 'StatusOnboardingInvariant',
    watch: { kind: 'app', metric: MetricName.STATUS_ONBOARDING_VIOLATION, periodSeconds: 60 },
    threshold: 'any',
    rollsBack: ['status'],
    onCall:
      "A call status or voicemail callback arrived for the onboarding number; nothing was sent. Invariant: no missed-call text-back from the onboarding number. Check the number's status callback URL in Twilio.",
  },
  {
    name: 'StatusOperationalNoClient',
    watch: { kind: 'app', metric: MetricName.STATUS_OPERATIONAL_NO_CLIENT, periodSeconds: 60 },
    threshold: 'any',
    rollsBack: ['status'],
    onCall:
      'A missed call or voicemail on an OPERATIONAL number with no client record: nothing was sent. Invariant: every operational number has a client. Fix the directory record.',
  },
  // Issue 12: our own dial came back to us. Ended before it could ring anyone, but a carrier or number is misconfigured.
  {
    name: 'VoiceDialLoopBlocked',
    watch: { kind: 'app', metric: MetricName.DIAL_LOOP_BLOCKED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      "A call from one of our own numbers reached a business number (usually the owner's carrier forwarding our ring-first dial back to us). It was ended. Check the owner's forwarding and the number's callerId.",
  },
  // Issue 17: ring mode's money guards. Each means a stored owner phone or a caller is costing (or trying to cost) calls.
  {
    name: 'VoiceDialDestinationBlocked',
    watch: { kind: 'app', metric: MetricName.DIAL_DESTINATION_BLOCKED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'Ring mode was about to dial an owner phone the destination policy refuses (premium rate, satellite, not served, a landline): it was not dialled, the caller went to voicemail and was texted back. The client\'s owner phone was stored before the policy covered it, or around it. Find the client in the logs ("the owner phone may not be dialled") and set a mobile owner phone (admin clients set-owner) or switch it to forward mode.',
  },
  {
    name: 'VoiceDialLimited',
    watch: { kind: 'app', metric: MetricName.DIAL_LIMITED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'Ring mode reached a dial budget (RING_DIALS_PER_HOUR for one owner, or RING_DIALS_PER_CALLER for one caller): those calls went to voicemail and text-back instead of a billed outbound dial. Usually one caller or a burst calling a ring-mode business; logs ("dial budget spent") name the budget and the masked caller.',
  },
  {
    name: 'VoiceScreenForged',
    watch: { kind: 'app', metric: MetricName.SCREEN_FORGED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A screening request or key press came from a leg we did not dial for that call (another parent call, another business, a phone that is not the owner, or a second leg): refused with <Hangup/>, the call was not counted as taken. The request was signed, so the auth token may be known outside: check the logs ("forged screening answer refused") and consider rotating the auth token.',
  },
  {
    name: 'VoicemailForged',
    watch: { kind: 'app', metric: MetricName.VOICEMAIL_FORGED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A signed recording or transcription callback did not carry the token of a <Record> we answered for that call and business (or named a client that no longer owns the number): refused with 403, nothing stored or sent. Twilio does not send these: whoever did holds the auth token. Check the logs and consider rotating the auth token.',
  },
  {
    name: 'SmsOperationalNoClient',
    watch: { kind: 'app', metric: MetricName.SMS_OPERATIONAL_NO_CLIENT, periodSeconds: 60 },
    threshold: 'any',
    rollsBack: ['sms'],
    onCall:
      'An SMS to an OPERATIONAL number with no client record was stored but not forwarded. Invariant: every operational number has a client. Fix the directory record.',
  },
  // Not an invariant, but any one pages: a business hit its daily SMS cap, which is either abuse or a loop.
  {
    name: 'SmsDailyCapReached',
    watch: { kind: 'app', metric: MetricName.SMS_DAILY_CAP_REACHED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A business reached its daily SMS cap and texts were held back: either someone is abusing its number or texts are looping. Find the business in the logs ("daily SMS cap reached") and read its recent messages before raising DAILY_SMS_CAP.',
  },
  // Issue 10, trust under attack: a text from one of our own numbers is a loop attempt or an alert phone that is ours.
  {
    name: 'SmsLoopBlocked',
    watch: { kind: 'app', metric: MetricName.SMS_LOOP_BLOCKED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A text arrived from one of our own numbers and was stored without any reply, forward or job (a loop stopped). Find it in the logs ("sms from one of our own numbers") and check which client has one of our numbers as its alert phone; fix that client record.',
  },
  // An owner not getting alerts is a business silenced: any one pages.
  {
    name: 'SmsOwnerCapReached',
    watch: { kind: 'app', metric: MetricName.SMS_OWNER_CAP_REACHED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A business reached DAILY_OWNER_SMS_CAP: its owner is not alerted of further calls and texts until midnight in the business time zone (they are kept on their jobs, JOBS lists them). Almost certainly a flood; find the business ("daily owner SMS cap reached") and its callers before raising the cap.',
  },
  // A burst of refused destinations is someone trying to make us text premium or foreign ranges (SMS pumping).
  {
    name: 'SmsDestinationBlocked',
    watch: { kind: 'app', metric: MetricName.SMS_DESTINATION_BLOCKED, periodSeconds: 300 },
    threshold: (t) => t.destinationBlockedPer5Minutes,
    onCall:
      'Many texts were refused by the destination policy (premium rate, satellite, countries not served, landlines): someone is probably trying to make us text numbers they profit from. Nothing was sent to them. Logs ("destination refused") give the reasons and masked numbers; check Twilio\'s SMS pumping protection and geographic permissions.',
  },
  // Texts are never sent twice, so a redelivery that finds a claim with no record cannot tell what went out.
  {
    name: 'OutcomeUnknown',
    watch: { kind: 'app', metric: MetricName.OUTCOME_UNKNOWN, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A redelivered missed call or customer text found that an earlier delivery claimed it and failed before recording what it sent; texts are never sent twice, so the redelivery sent nothing and a customer may not have had their text-back or the owner their alert. Find the CallSid/MessageSid in the logs ("recorded nothing") and check Twilio\'s message log; send by hand what is missing.',
  },
  // The daily audit: any breach pages like an invariant; so does an audit that stopped running.
  {
    name: 'AuditBreaches',
    watch: { kind: 'app', metric: MetricName.AUDIT_BREACHES, periodSeconds: 60 },
    threshold: 'any',
    onCall:
      'The daily directory audit found breaches of the number invariants. Each is logged at CRITICAL by the audit function; run `npm run admin -- audit --env <env>` for the list and the fix of each.',
  },
  {
    name: 'AuditDidNotRun',
    // Every run emits audit.breaches (0 when clean), so no sample at all means it did not run or failed before the end.
    watch: { kind: 'app', metric: MetricName.AUDIT_BREACHES, periodSeconds: 3600, statistic: 'SampleCount' },
    threshold: 1,
    below: true,
    evaluationPeriods: AUDIT_SILENCE_HOURS,
    missingDataBreaches: true,
    onCall: `The daily directory audit has not reported for ${AUDIT_SILENCE_HOURS} hours: it did not run or failed before the end. Check the AuditErrors alarm and the audit function's logs; invoke it by hand to confirm.`,
  },
  {
    name: 'SmsSendFailed',
    watch: { kind: 'app', metric: MetricName.SMS_SEND_FAILED, periodSeconds: 300 },
    threshold: (t) => t.smsSendFailedPer5Minutes,
    rollsBack: ['status', 'sms'],
    onCall:
      'Texts to customers or owners failed at Twilio. One Twilio may take later (5xx, 429 or no answer) was queued and is sent again from the redelivery queue (sms.send_queued, then sms.resent); one Twilio refused with an error code is recorded on its message and job and not sent again. Check the Twilio console (balance, number capability, error codes) and the sms/status logs ("sms send failed").',
  },
  {
    name: 'OnboardingNumberTextGaveUp',
    watch: { kind: 'app', metric: MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'An owner was given a number but Twilio failed to take the text telling them (5xx, 429 or no answer) on every waiting-list run for a day: the job gave up and the owner does not know their number. Check the Twilio console and the waitlist logs ("number text given up"), then text the owner their number by hand.',
  },
  {
    name: 'OnboardingPoolExhausted',
    watch: { kind: 'app', metric: MetricName.ONBOARDING_POOL_EXHAUSTED, periodSeconds: 300 },
    threshold: (t) => t.poolExhaustedPer5Minutes,
    onCall:
      'A new owner signed up but no AVAILABLE number is left in the pool. Buy numbers in Twilio and add them to the directory as AVAILABLE.',
  },
  {
    name: 'OnboardingRateLimited',
    watch: { kind: 'app', metric: MetricName.ONBOARDING_RATE_LIMITED, periodSeconds: 300 },
    threshold: (t) => t.signupRateLimitedPer5Minutes,
    onCall:
      'More sign-ups completed this hour than SIGNUP_ASSIGNMENTS_PER_HOUR allows: the extra owners are on the waiting list. A real rush: raise the setting; a flood of sign-ups from unknown phones: leave it, check `npm run admin -- signups list` and the sms logs.',
  },
  {
    name: 'SignatureRejectedSpike',
    watch: { kind: 'app', metric: MetricName.SIGNATURE_REJECTED, periodSeconds: 300 },
    threshold: (t) => t.signatureRejectedPer5Minutes,
    onCall:
      'Many webhooks failed the Twilio signature check (answered 403, nothing run): the auth token in the secret is stale, a number points at a URL other than the outputs, or someone is probing.',
  },
  {
    name: 'VoiceResolutionFailed',
    watch: { kind: 'app', metric: MetricName.VOICE_RESOLUTION_FAILED, periodSeconds: 300 },
    threshold: (t) => t.resolutionFailedPer5Minutes,
    rollsBack: ['voice'],
    onCall:
      "Calls were ended because the called number's role could not be read (a call cannot wait for a queue: the caller heard it end). Check DynamoDB (throttling, permissions) and the voice logs.",
  },
  {
    name: 'SmsStoreFailed',
    watch: { kind: 'app', metric: MetricName.SMS_STORE_FAILED, periodSeconds: 300 },
    threshold: (t) => t.smsStoreFailedPer5Minutes,
    rollsBack: ['sms'],
    onCall: `Inbound texts could not be read or stored. ${QUEUED('sms')} Check DynamoDB (throttling, permissions) and the sms logs ("inbound sms could not be stored").`,
  },
  {
    name: 'StatusNotRecorded',
    watch: { kind: 'app', metric: MetricName.STATUS_NOT_RECORDED, periodSeconds: 300 },
    // The same tolerance as inbound texts: a missed call not recorded is a customer not texted back yet.
    threshold: (t) => t.smsStoreFailedPer5Minutes,
    onCall: `Call status callbacks could not be read or recorded. ${QUEUED('status')} Check DynamoDB (throttling, permissions) and the status logs ("queued to finish later").`,
  },
  {
    name: 'VoicemailNotRecorded',
    watch: { kind: 'app', metric: MetricName.VOICEMAIL_NOT_RECORDED, periodSeconds: 300 },
    threshold: VOICEMAIL_NOT_RECORDED_PER_5_MINUTES,
    onCall: `Voicemail recording or transcription callbacks could not be stored. ${QUEUED('status')} Pages at ${VOICEMAIL_NOT_RECORDED_PER_5_MINUTES} in 5 minutes: one failed voicemail is usually finished by its first redelivery, a second failure (the same voicemail again, or another) means the store keeps failing. Check DynamoDB and the status logs ("voicemail not stored", "recording callback not stored").`,
  },
  {
    name: 'UnhandledErrors',
    watch: { kind: 'app', metric: MetricName.UNHANDLED_ERROR, periodSeconds: 60 },
    threshold: (t) => t.unhandledErrorsPerMinute,
    rollsBack: ['voice', 'status', 'sms'],
    onCall:
      'A webhook failed unexpectedly and answered safely (voice: the call ended; status/sms: 200 with an empty response). Only failures that are safe to finish later are queued; this one was not, so what it was doing is unfinished and nothing retries it. Read the "webhook failed unexpectedly" logs; roll back if it started with a deployment.',
  },
  {
    name: 'VoiceThrottles',
    watch: { kind: 'lambda', fn: 'voice', metric: 'Throttles', periodSeconds: 300 },
    threshold: (t) => t.lambdaThrottlesPer5Minutes,
    onCall:
      "The voice function was throttled: the account's concurrency limit was reached. Find the traffic source; request a higher limit.",
  },
  {
    name: 'VoiceErrors',
    watch: { kind: 'lambda', fn: 'voice', metric: 'Errors', periodSeconds: 60 },
    threshold: (t) => t.lambdaErrorsPerMinute,
    rollsBack: ['voice'],
    onCall:
      'The voice function crashed or timed out (Lambda Errors): Twilio got no answer. Check its logs for cold-start config errors and timeouts.',
  },
  {
    name: 'StatusThrottles',
    watch: { kind: 'lambda', fn: 'status', metric: 'Throttles', periodSeconds: 300 },
    threshold: (t) => t.lambdaThrottlesPer5Minutes,
    onCall: `The status function was throttled: the account's concurrency limit was reached. ${NOT_QUEUED} Find the traffic source; request a higher limit.`,
  },
  {
    name: 'StatusErrors',
    watch: { kind: 'lambda', fn: 'status', metric: 'Errors', periodSeconds: 60 },
    threshold: (t) => t.lambdaErrorsPerMinute,
    rollsBack: ['status'],
    onCall: `The status function crashed or timed out (Lambda Errors): Twilio got no answer. ${NOT_QUEUED} Check its logs for cold-start config errors and timeouts.`,
  },
  {
    name: 'SmsThrottles',
    watch: { kind: 'lambda', fn: 'sms', metric: 'Throttles', periodSeconds: 300 },
    threshold: (t) => t.lambdaThrottlesPer5Minutes,
    onCall: `The sms function was throttled: the account's concurrency limit was reached. ${NOT_QUEUED} Find the traffic source; request a higher limit.`,
  },
  {
    name: 'SmsErrors',
    watch: { kind: 'lambda', fn: 'sms', metric: 'Errors', periodSeconds: 60 },
    threshold: (t) => t.lambdaErrorsPerMinute,
    rollsBack: ['sms'],
    onCall: `The sms function crashed or timed out (Lambda Errors): Twilio got no answer. ${NOT_QUEUED} Check its logs for cold-start config errors and timeouts.`,
  },
  // The sign-up function, invoked by the SMS function and its consumer: a failed hand-off is queued, not lost.
  {
    name: 'SignupErrors',
    watch: { kind: 'lambda', fn: 'signup', metric: 'Errors', periodSeconds: 60 },
    threshold: (t) => t.lambdaErrorsPerMinute,
    onCall: `The signup function threw, crashed or timed out (Lambda Errors): texts to the onboarding number were not applied, or not recorded. One that failed before anything was stored or sent (sms.store_failed), or whose invoke failed (onboarding.hand_off.failed): ${QUEUED('sms')} One that failed after its reply went out was answered 200 and counted (webhook.unhandled_error), not repeated. A refused hand-off pages SignupHandOffRefused. Check its logs for cold-start config errors, DynamoDB, Twilio and the 10 s timeout.`,
  },
  {
    name: 'SignupHandOffRefused',
    watch: { kind: 'app', metric: MetricName.SIGNUP_HAND_OFF_REFUSED, periodSeconds: 60 },
    threshold: 'any',
    onCall:
      'The signup function was invoked with something other than a text to the ONBOARDING number and refused it (nothing read or written). Only the sms and sms-redelivery functions may invoke it: a new deployment sending another shape, or an invoker that should not have the permission. Check its logs ("sign-up function refused") and CloudTrail for the caller.',
  },
  // Scheduled jobs: any failed run pages (Twilio is not waiting on them, so throttles are only retried later).
  {
    name: 'WaitingListErrors',
    watch: { kind: 'lambda', fn: 'waitlist', metric: 'Errors', periodSeconds: 300 },
    threshold: 1,
    onCall:
      'The waitlist function failed (Lambda Errors): owners on the waiting list were not served this run; the next run is in 5 minutes. Check its logs for cold-start config errors, DynamoDB and timeouts.',
  },
  {
    name: 'AuditErrors',
    watch: { kind: 'lambda', fn: 'audit', metric: 'Errors', periodSeconds: 300 },
    threshold: 1,
    onCall:
      'The audit function failed (Lambda Errors): the daily directory audit did not finish, so breaches may go unnoticed. Check its logs for cold-start config errors, DynamoDB and timeouts.',
  },
  {
    name: 'OwnerTextsErrors',
    watch: { kind: 'lambda', fn: 'ownerTexts', metric: 'Errors', periodSeconds: 300 },
    threshold: 1,
    onCall:
      'The owner-texts function failed (Lambda Errors): review requests and Monday digests due were not sent this run; the next run, 15 minutes later, finds them still due. Check its logs for cold-start config errors, DynamoDB and timeouts.',
  },
  // Durable redelivery: a webhook we could neither finish nor queue, or one the queue gave up on, is a lost customer.
  {
    name: 'RedeliveryQueueUnreachable',
    watch: { kind: 'app', metric: MetricName.WEBHOOK_QUEUE_FAILED, periodSeconds: 60 },
    threshold: 'any',
    onCall:
      'A status callback or text could not finish and its redelivery queue could not be reached, so it was answered 503; Twilio will not deliver it again. Check SQS and the function\'s role; find the CallSid/MessageSid in the logs ("redelivery queue unreachable") and handle it by hand.',
  },
  {
    name: 'SendQueueUnreachable',
    watch: { kind: 'app', metric: MetricName.SMS_SEND_QUEUE_FAILED, periodSeconds: 60 },
    threshold: 'any',
    onCall:
      'Twilio failed to take a text (5xx, 429 or no answer) and the redelivery queue could not be reached to send it again, so it was recorded as failed and nobody will send it. Check SQS and the function\'s role; find the record in the logs ("a text Twilio failed to take is lost") and send it by hand.',
  },
  {
    name: 'StatusRedeliveryDeadLetters',
    watch: { kind: 'deadLetters', route: 'status' },
    threshold: 1,
    onCall:
      'Queued status callbacks (missed calls, voicemails) or texts for them failed every attempt and wait in the dead-letter queue (kept 14 days). Fix the cause (the consumer\'s logs: "queued webhook failed again"), then run `npm run admin -- replay --env <name>`.',
  },
  {
    name: 'SmsRedeliveryDeadLetters',
    watch: { kind: 'deadLetters', route: 'sms' },
    threshold: 1,
    onCall:
      'Queued inbound texts or texts for them failed every attempt and wait in the dead-letter queue (kept 14 days). Fix the cause (the consumer\'s logs: "queued webhook failed again"), then run `npm run admin -- replay --env <name>`.',
  },
  // Issue 19 §5: the businesses' CRMs. A CRM that is down is theirs to fix, so only what we can act on pages.
  {
    name: 'CrmPublishFailed',
    watch: { kind: 'app', metric: MetricName.CRM_PUBLISH_FAILED, periodSeconds: 300 },
    threshold: 'any',
    onCall:
      'A job event for a business\'s CRM could not be put on the CRM queue, so that CRM will never get it (the webhook itself finished and was answered as usual). Check SQS and the sms/status functions\' role (sqs:SendMessage on the CRM queue); the logs ("job event not queued for the CRM") name the event and client.',
  },
  {
    name: 'CrmErrors',
    watch: { kind: 'lambda', fn: 'crm', metric: 'Errors', periodSeconds: 300 },
    threshold: 1,
    onCall:
      'The crm function crashed or timed out (Lambda Errors): its whole batch of job events goes back to the CRM queue and is tried again, then dead-lettered. Check its logs for cold-start config errors, DynamoDB and timeouts.',
  },
  {
    name: 'CrmDeadLetters',
    watch: { kind: 'deadLetters', route: 'crm' },
    threshold: 1,
    onCall:
      'Job events failed every attempt (about 45 minutes of retries) to reach a business\'s CRM and wait in the dead-letter queue (kept 14 days). The crm function\'s logs say why per event ("CRM answered with an error", "did not answer", "refused by the destination rules"): a CRM that was down, or a webhook URL to correct with `admin clients set-webhook`. Then run `npm run admin -- replay --env <name>`.',
  },
  {
    name: 'Api5xx',
    watch: { kind: 'api', metric: '5XXError' },
    threshold: (t) => t.api5xxPer5Minutes,
    onCall:
      'The API answered Twilio with 5xx (function errors, timeouts, throttling, or a redelivery queue that could not be reached). Voice used its fallback URL (the same function); a status callback or text answered 5xx is not delivered again by Twilio. Check the function alarms and RedeliveryQueueUnreachable first, then the API access logs.',
  },
  {
    name: 'ApiLatency',
    watch: { kind: 'api', metric: 'Latency' },
    threshold: (t) => t.apiLatencyP99.toMilliseconds(),
    onCall: (t) =>
      `p99 API latency is at least ${t.apiLatencyP99.toSeconds()} s; Twilio abandons a webhook at 15 s. Check function duration, DynamoDB and Twilio API latency.`,
  },
];
