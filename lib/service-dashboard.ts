import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MetricName } from '../shared/metric-names';
import type { ScheduledJobName } from './scheduled-job';
import type { WebhookName } from './service-alarms';

export interface ServiceDashboardProps {
  dashboardName: string;
  environmentName: string;
  namespace: string;
  functions: Record<WebhookName, IFunction>;
  scheduledFunctions: Record<ScheduledJobName, IFunction>;
  /** The status and SMS redelivery queues and their dead letters. */
  redeliveryQueues: Record<'status' | 'sms', { queue: IQueue; deadLetters: IQueue }>;
  apiStage: Stage;
  alarms: IAlarm[];
}

const PERIOD = Duration.minutes(1);
const WIDTH = 12;

/** One dashboard per environment: invariants first, then what the service did, then how the platform coped. */
export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const app = (metricName: string): IMetric =>
      new Metric({ namespace: props.namespace, metricName, statistic: 'Sum', period: PERIOD, label: metricName });
    const graph = (title: string, metrics: IMetric[]) =>
      new GraphWidget({ title, left: metrics, width: WIDTH, height: 6 });
    const perFunction = (title: string, metricOf: (fn: IFunction) => Metric) =>
      graph(
        title,
        (Object.entries(props.functions) as Array<[WebhookName, IFunction]>).map(([name, fn]) =>
          metricOf(fn).with({ label: name }),
        ),
      );

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Missed-call text-back: ${props.environmentName}\nMetrics in \`${props.namespace}\`. Every alarm pages on-call; the system-number counts are shown, not paged.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Invariant violations (any one pages)', [
        app(MetricName.VOICE_ONBOARDING_VIOLATION),
        app(MetricName.STATUS_ONBOARDING_VIOLATION),
        app(MetricName.STATUS_OPERATIONAL_NO_CLIENT),
        app(MetricName.SMS_OPERATIONAL_NO_CLIENT),
        app(MetricName.AUDIT_BREACHES),
      ]),
      new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: WIDTH, height: 6 }),
    );
    this.dashboard.addWidgets(
      graph('Calls', [
        app(MetricName.VOICE_OPERATIONAL_ANSWERED),
        app(MetricName.MISSED_CALL),
        app(MetricName.TEXT_BACK_SENT),
        app(MetricName.OWNER_NOTIFIED),
      ]),
      graph('Messages', [
        app(MetricName.SMS_CUSTOMER_MESSAGE_STORED),
        app(MetricName.SMS_JOB_CREATED),
        app(MetricName.SMS_FORWARDED_TO_OWNER),
        app(MetricName.SMS_OWNER_REPLY_RELAYED),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Ring-first calls and voicemail', [
        app(MetricName.DIAL_CONNECTED),
        app(MetricName.DIAL_MISSED),
        app(MetricName.DIAL_LOOP_BLOCKED),
        app(MetricName.VOICEMAIL_RECORDED),
        app(MetricName.VOICEMAIL_TRANSCRIBED),
      ]),
      graph('Ring-first calls: loops ended (alarmed)', [app(MetricName.DIAL_LOOP_BLOCKED)]),
    );
    this.dashboard.addWidgets(
      graph('Sign-ups and the number pool', [
        app(MetricName.SMS_ONBOARDING_RECEIVED),
        app(MetricName.ONBOARDING_NUMBER_ASSIGNED),
        app(MetricName.ONBOARDING_POOL_EXHAUSTED),
        app(MetricName.ONBOARDING_RATE_LIMITED),
        app(MetricName.ONBOARDING_AWAITING_APPROVAL),
      ]),
      graph('Sign-up abuse held back', [
        app(MetricName.ONBOARDING_REPLY_CAPPED),
        app(MetricName.ONBOARDING_OWN_NUMBER_REFUSED),
        app(MetricName.ONBOARDING_NAME_REFUSED),
        app(MetricName.ONBOARDING_ALERT_PHONE_ASKED),
        app(MetricName.ONBOARDING_ALERT_PHONE_ACCEPTED),
        app(MetricName.ONBOARDING_ALERT_PHONE_DECLINED),
      ]),
      graph('Texts held back by a rule', [
        app(MetricName.TEXT_BACK_SKIPPED_WITHHELD),
        app(MetricName.TEXT_BACK_SKIPPED_COOLDOWN),
        app(MetricName.TEXT_BACK_SKIPPED_LOOP),
        app(MetricName.TEXT_BACK_SKIPPED_OPTED_OUT),
        app(MetricName.SMS_DAILY_CAP_REACHED),
        app(MetricName.SMS_OWNER_CAP_REACHED),
        app(MetricName.SMS_COUNTERPART_LIMITED),
        app(MetricName.SMS_DESTINATION_BLOCKED),
        app(MetricName.SMS_LOOP_BLOCKED),
        app(MetricName.SMS_RECIPIENT_OPTED_OUT),
        app(MetricName.SMS_OPTED_OUT),
        app(MetricName.SMS_OPTED_IN),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Failures', [
        app(MetricName.SMS_SEND_FAILED),
        app(MetricName.SMS_STORE_FAILED),
        app(MetricName.STATUS_NOT_RECORDED),
        app(MetricName.VOICEMAIL_NOT_RECORDED),
        app(MetricName.OUTCOME_UNKNOWN),
        app(MetricName.VOICE_RESOLUTION_FAILED),
        app(MetricName.UNHANDLED_ERROR),
      ]),
      graph('Rejected and ignored requests', [
        app(MetricName.SIGNATURE_REJECTED),
        app(MetricName.BAD_REQUEST),
        // Shown, not paged: calls and texts to system numbers are expected now and then.
        app(MetricName.VOICE_SYSTEM_NUMBER),
        app(MetricName.SMS_SYSTEM_NUMBER),
      ]),
    );
    this.dashboard.addWidgets(
      perFunction('Lambda invocations', (fn) => fn.metricInvocations({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Lambda errors', (fn) => fn.metricErrors({ period: PERIOD, statistic: 'Sum' })),
    );
    this.dashboard.addWidgets(
      perFunction('Lambda duration p99 (Twilio gives up at 15 s)', (fn) =>
        fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
      ),
      perFunction('Lambda throttles', (fn) => fn.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
    );
    this.dashboard.addWidgets(
      // One point a day: audit.breaches per run (0 when clean; a day without a point means it did not run).
      graph('Daily audit: breaches found per run', [
        new Metric({
          namespace: props.namespace,
          metricName: MetricName.AUDIT_BREACHES,
          statistic: 'Maximum',
          period: Duration.days(1),
          label: 'breaches',
        }),
      ]),
      graph(
        'Scheduled jobs: runs and failures',
        Object.entries(props.scheduledFunctions).flatMap(([name, fn]) => [
          fn.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum', label: `${name} runs` }),
          fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label: `${name} errors` }),
        ]),
      ),
    );
    this.dashboard.addWidgets(
      graph('Redelivery: webhooks queued, finished, retried, and queue failures', [
        app(MetricName.WEBHOOK_QUEUED),
        app(MetricName.REDELIVERY_FINISHED),
        app(MetricName.REDELIVERY_RETRIED),
        app(MetricName.WEBHOOK_QUEUE_FAILED),
      ]),
      graph(
        'Redelivery: texts Twilio failed to take, queued, sent again, found sent, opted out, queue failures and given up',
        [
          app(MetricName.SMS_SEND_QUEUED),
          app(MetricName.SMS_RESENT),
          app(MetricName.SMS_RESEND_FOUND),
          app(MetricName.SMS_RESEND_OPTED_OUT),
          app(MetricName.SMS_SEND_QUEUE_FAILED),
          app(MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP),
        ],
      ),
      graph(
        'Redelivery queues: waiting and dead letters',
        Object.entries(props.redeliveryQueues).flatMap(([route, { queue, deadLetters }]) => [
          queue.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: `${route} waiting`,
          }),
          deadLetters.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: `${route} dead letters`,
          }),
        ]),
      ),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [
        props.apiStage.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
        props.apiStage.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
        props.apiStage.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
      ]),
      graph('API latency', [
        props.apiStage.metricLatency({ period: PERIOD, statistic: 'p99', label: 'p99' }),
        props.apiStage.metricIntegrationLatency({ period: PERIOD, statistic: 'p99', label: 'integration p99' }),
      ]),
    );
  }
}
