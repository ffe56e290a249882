import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmThresholds } from './environments';
import { MetricName } from '../shared/metric-names';
import type { ScheduledJobName } from './scheduled-job';

export type WebhookName = 'voice' | 'status' | 'sms';

export interface ServiceAlarmsProps {
  /** The namespace the functions emit in (METRICS_NAMESPACE). */
  namespace: string;
  alarmNamePrefix: string;
  thresholds: AlarmThresholds;
  topic: ITopic;
  functions: Record<WebhookName, IFunction>;
  scheduledFunctions: Record<ScheduledJobName, IFunction>;
  /** The redelivery queues' dead letters: status callbacks and texts that could not be finished. */
  deadLetterQueues: Record<'status' | 'sms', IQueue>;
  apiStage: Stage;
}

interface AlarmSpec {
  metric: IMetric;
  threshold: number;
  comparison: ComparisonOperator;
  description: string;
  /** Default: one period decides. */
  evaluationPeriods?: number;
  /** Default: NOT_BREACHING, because application metrics are only emitted when something is counted. */
  treatMissingData?: TreatMissingData;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);
/** The audit runs once a day; a day and two hours without its metric means a run was missed. */
export const AUDIT_SILENCE_HOURS = 26;

/**
 * Every alarm that pages on-call, each notifying the one on-call topic on ALARM and on OK.
 * Application metrics are matched on namespace and name only: the functions emit them with no dimensions,
 * and an alarm on a dimension set the code never emits would never fire.
 */
export class ServiceAlarms extends Construct {
  readonly all: Alarm[] = [];
  /** The alarms a gradual deployment of each function watches; any of them in ALARM rolls it back. */
  readonly rollbackAlarms: Record<WebhookName, Alarm[]>;

  private readonly props: ServiceAlarmsProps;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.props = props;
    const t = props.thresholds;
    const app = (metricName: string, period: Duration) =>
      new Metric({ namespace: props.namespace, metricName, statistic: 'Sum', period });

    // Invariants: any one in a minute pages, whatever the environment.
    const voiceOnboarding = this.invariant(
      'VoiceOnboardingInvariant',
      app(MetricName.VOICE_ONBOARDING_VIOLATION, ONE_MINUTE),
      'A voice call reached the onboarding number and was refused. Invariant: the onboarding number never answers calls. Check which number Twilio routes here.',
    );
    const statusOnboarding = this.invariant(
      'StatusOnboardingInvariant',
      app(MetricName.STATUS_ONBOARDING_VIOLATION, ONE_MINUTE),
      "A call status callback arrived for the onboarding number. Invariant: no missed-call text-back from the onboarding number. Check the number's status callback URL in Twilio.",
    );
    const statusNoClient = this.invariant(
      'StatusOperationalNoClient',
      app(MetricName.STATUS_OPERATIONAL_NO_CLIENT, ONE_MINUTE),
      'A missed call on an OPERATIONAL number with no client record: nothing was sent. Invariant: every operational number has a client. Fix the directory record.',
    );
    // Issue 12: our own dial came back to us. Ended before it could ring anyone, but a carrier or number is misconfigured.
    this.anyNonZero(
      'VoiceDialLoopBlocked',
      app(MetricName.DIAL_LOOP_BLOCKED, FIVE_MINUTES),
      "A call from one of our own numbers reached a business number (usually the owner's carrier forwarding our ring-first dial back to us). It was ended. Check the owner's forwarding and the number's callerId.",
    );
    const smsNoClient = this.invariant(
      'SmsOperationalNoClient',
      app(MetricName.SMS_OPERATIONAL_NO_CLIENT, ONE_MINUTE),
      'An SMS to an OPERATIONAL number with no client record was stored but not forwarded. Invariant: every operational number has a client. Fix the directory record.',
    );

    // Not an invariant, but any one pages: a business hit its daily SMS cap, which is either abuse or a loop.
    this.anyNonZero(
      'SmsDailyCapReached',
      app(MetricName.SMS_DAILY_CAP_REACHED, FIVE_MINUTES),
      'A business reached its daily SMS cap and texts were held back: either someone is abusing its number or texts are looping. Find the business in the logs ("daily SMS cap reached") and read its recent messages before raising DAILY_SMS_CAP.',
    );

    // Issue 10, trust under attack. A text from one of our own numbers is a loop attempt or an alert phone that is one
    // of ours: any one pages.
    this.anyNonZero(
      'SmsLoopBlocked',
      app(MetricName.SMS_LOOP_BLOCKED, FIVE_MINUTES),
      'A text arrived from one of our own numbers and was stored without any reply, forward or job (a loop stopped). Find it in the logs ("sms from one of our own numbers") and check which client has one of our numbers as its alert phone; fix that client record.',
    );
    // An owner not getting alerts is a business silenced: any one pages.
    this.anyNonZero(
      'SmsOwnerCapReached',
      app(MetricName.SMS_OWNER_CAP_REACHED, FIVE_MINUTES),
      'A business reached DAILY_OWNER_SMS_CAP: its owner is not alerted of further calls and texts until midnight UTC (they are kept on their jobs, JOBS lists them). Almost certainly a flood; find the business ("daily owner SMS cap reached") and its callers before raising the cap.',
    );
    // A burst of refused destinations is someone trying to make us text premium or foreign ranges (SMS pumping).
    this.atLeast(
      'SmsDestinationBlocked',
      app(MetricName.SMS_DESTINATION_BLOCKED, FIVE_MINUTES),
      t.destinationBlockedPer5Minutes,
      'Many texts were refused by the destination policy (premium rate, satellite, countries not served, landlines): someone is probably trying to make us text numbers they profit from. Nothing was sent to them. Logs ("destination refused") give the reasons and masked numbers; check Twilio\'s SMS pumping protection and geographic permissions.',
    );

    // Texts are never sent twice, so a redelivery that finds a claimed call or stored message with no record cannot
    // tell whether its texts went out: a person checks.
    this.anyNonZero(
      'OutcomeUnknown',
      app(MetricName.OUTCOME_UNKNOWN, FIVE_MINUTES),
      'A missed call or customer text was claimed by a delivery that failed before recording what it sent, so a customer may not have had their text-back or the owner their alert. Find the CallSid/MessageSid in the logs ("recorded nothing") and check Twilio\'s message log; send by hand what is missing.',
    );

    // The daily audit: any breach pages like an invariant; so does an audit that stopped running.
    this.invariant(
      'AuditBreaches',
      app(MetricName.AUDIT_BREACHES, ONE_MINUTE),
      'The daily directory audit found breaches of the number invariants. Each is logged at CRITICAL by the audit function; run `npm run admin -- audit --env <env>` for the list and the fix of each.',
    );
    this.alarm('AuditDidNotRun', {
      // Every run emits audit.breaches (0 when clean), so no sample at all means it did not run or failed before the end.
      metric: new Metric({
        namespace: props.namespace,
        metricName: MetricName.AUDIT_BREACHES,
        statistic: 'SampleCount',
        period: ONE_HOUR,
      }),
      threshold: 1,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: AUDIT_SILENCE_HOURS,
      treatMissingData: TreatMissingData.BREACHING,
      description: `The daily directory audit has not reported for ${AUDIT_SILENCE_HOURS} hours: it did not run or failed before the end. Check the AuditErrors alarm and the audit function's logs; invoke it by hand to confirm.`,
    });

    const smsSendFailed = this.atLeast(
      'SmsSendFailed',
      app(MetricName.SMS_SEND_FAILED, FIVE_MINUTES),
      t.smsSendFailedPer5Minutes,
      'Texts to customers or owners failed to send through Twilio. Check the Twilio console (balance, number capability, error codes) and the sms/status logs.',
    );
    this.anyNonZero(
      'OnboardingNumberTextGaveUp',
      app(MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP, FIVE_MINUTES),
      'An owner was given a number but Twilio failed to take the text telling them (5xx, 429 or no answer) on every waiting-list run for a day: the job gave up and the owner does not know their number. Check the Twilio console and the waitlist logs ("number text given up"), then text the owner their number by hand.',
    );
    this.atLeast(
      'OnboardingPoolExhausted',
      app(MetricName.ONBOARDING_POOL_EXHAUSTED, FIVE_MINUTES),
      t.poolExhaustedPer5Minutes,
      'A new owner signed up but no AVAILABLE number is left in the pool. Buy numbers in Twilio and add them to the directory as AVAILABLE.',
    );
    this.atLeast(
      'OnboardingRateLimited',
      app(MetricName.ONBOARDING_RATE_LIMITED, FIVE_MINUTES),
      t.signupRateLimitedPer5Minutes,
      'More sign-ups completed this hour than SIGNUP_ASSIGNMENTS_PER_HOUR allows: the extra owners are on the waiting list. A real rush: raise the setting; a flood of sign-ups from unknown phones: leave it, check `npm run admin -- signups list` and the sms logs.',
    );
    this.atLeast(
      'SignatureRejectedSpike',
      app(MetricName.SIGNATURE_REJECTED, FIVE_MINUTES),
      t.signatureRejectedPer5Minutes,
      'Many webhooks failed the Twilio signature check: the auth token in the secret is stale, a number points at a URL other than the outputs, or someone is probing.',
    );
    const resolutionFailed = this.atLeast(
      'VoiceResolutionFailed',
      app(MetricName.VOICE_RESOLUTION_FAILED, FIVE_MINUTES),
      t.resolutionFailedPer5Minutes,
      "Calls were ended because the called number's role could not be read. Check DynamoDB (throttling, permissions) and the voice logs.",
    );
    const storeFailed = this.atLeast(
      'SmsStoreFailed',
      app(MetricName.SMS_STORE_FAILED, FIVE_MINUTES),
      t.smsStoreFailedPer5Minutes,
      'Inbound SMS could not be stored; Twilio is asked to retry. Check DynamoDB and the sms logs.',
    );
    this.atLeast(
      'StatusNotRecorded',
      app(MetricName.STATUS_NOT_RECORDED, FIVE_MINUTES),
      t.smsStoreFailedPer5Minutes,
      'Call status callbacks could not be recorded; Twilio is asked to retry (503). Check DynamoDB and the status logs.',
    );
    const unhandled = this.atLeast(
      'UnhandledErrors',
      app(MetricName.UNHANDLED_ERROR, ONE_MINUTE),
      t.unhandledErrorsPerMinute,
      'A webhook failed unexpectedly and answered safely. Read the "webhook failed unexpectedly" logs; roll back if it started with a deployment.',
    );

    const functionAlarms = (name: WebhookName, label: string): Alarm => {
      const fn = props.functions[name];
      this.atLeast(
        `${label}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        t.lambdaThrottlesPer5Minutes,
        `The ${name} function was throttled: the account's concurrency limit was reached. Find the traffic source; request a higher limit.`,
      );
      return this.atLeast(
        `${label}Errors`,
        fn.metricErrors({ period: ONE_MINUTE, statistic: 'Sum' }),
        t.lambdaErrorsPerMinute,
        `The ${name} function crashed or timed out (Lambda Errors): Twilio got no answer. Check its logs for cold-start config errors and timeouts.`,
      );
    };
    const voiceErrors = functionAlarms('voice', 'Voice');
    const statusErrors = functionAlarms('status', 'Status');
    const smsErrors = functionAlarms('sms', 'Sms');

    // Scheduled jobs: any failed run pages (Twilio is not waiting on them, so throttles are only retried later).
    const jobErrors = (name: ScheduledJobName, label: string, what: string) =>
      this.atLeast(
        `${label}Errors`,
        props.scheduledFunctions[name].metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `The ${name} function failed (Lambda Errors): ${what} Check its logs for cold-start config errors, DynamoDB and timeouts.`,
      );
    jobErrors(
      'waitlist',
      'WaitingList',
      'owners on the waiting list were not served this run; the next run is in 5 minutes.',
    );
    jobErrors('audit', 'Audit', 'the daily directory audit did not finish, so breaches may go unnoticed.');

    // Durable redelivery: a webhook we could neither finish nor queue, or one the queue gave up on, is a lost customer.
    this.anyNonZero(
      'RedeliveryQueueUnreachable',
      app(MetricName.WEBHOOK_QUEUE_FAILED, ONE_MINUTE),
      'A status callback or text could not finish and its redelivery queue could not be reached, so it was answered 503; Twilio will not deliver it again. Check SQS and the function\'s role; find the CallSid/MessageSid in the logs ("redelivery queue unreachable") and handle it by hand.',
    );
    this.anyNonZero(
      'SendQueueUnreachable',
      app(MetricName.SMS_SEND_QUEUE_FAILED, ONE_MINUTE),
      'Twilio failed to take a text (5xx, 429 or no answer) and the redelivery queue could not be reached to send it again, so it was recorded as failed and nobody will send it. Check SQS and the function\'s role; find the record in the logs ("a text Twilio failed to take is lost") and send it by hand.',
    );
    const deadLetters = (route: 'status' | 'sms', label: string, what: string) =>
      this.atLeast(
        `${label}DeadLetters`,
        props.deadLetterQueues[route].metricApproximateNumberOfMessagesVisible({
          period: ONE_MINUTE,
          statistic: 'Maximum',
        }),
        1,
        `${what} failed every attempt and wait in the dead-letter queue. Fix the cause (the consumer's logs: "queued webhook failed again"), then run \`npm run admin -- replay --env <name>\`.`,
      );
    deadLetters('status', 'StatusRedelivery', 'Queued status callbacks (missed calls) or texts for them');
    deadLetters('sms', 'SmsRedelivery', 'Queued inbound texts or texts for them');

    this.atLeast(
      'Api5xx',
      props.apiStage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      t.api5xxPer5Minutes,
      'The API answered Twilio with 5xx (function errors, timeouts, throttling), so Twilio used the fallback URL. Check the function alarms and the API access logs.',
    );
    this.atLeast(
      'ApiLatency',
      props.apiStage.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      t.apiLatencyP99.toMilliseconds(),
      `p99 API latency is at least ${t.apiLatencyP99.toSeconds()} s; Twilio abandons a webhook at 15 s. Check function duration, DynamoDB and Twilio API latency.`,
    );

    this.rollbackAlarms = {
      voice: [voiceOnboarding, resolutionFailed, unhandled, voiceErrors],
      status: [statusOnboarding, statusNoClient, smsSendFailed, unhandled, statusErrors],
      sms: [smsNoClient, smsSendFailed, storeFailed, unhandled, smsErrors],
    };
  }

  /** An invariant: pages on any non-zero sum. */
  private invariant(id: string, metric: IMetric, description: string): Alarm {
    return this.anyNonZero(id, metric, description);
  }

  /** Pages on any non-zero sum. */
  private anyNonZero(id: string, metric: IMetric, description: string): Alarm {
    return this.alarm(id, { metric, threshold: 0, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, description });
  }

  /** Pages when the statistic reaches the threshold. */
  private atLeast(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    return this.alarm(id, {
      metric,
      threshold,
      comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description,
    });
  }

  private alarm(id: string, spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.props.alarmNamePrefix}-${id}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      // No data means nothing happened: these metrics are only emitted when something is counted.
      treatMissingData: spec.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.props.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.all.push(alarm);
    return alarm;
  }
}
