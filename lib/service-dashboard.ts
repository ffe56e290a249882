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
  /** Graphed with the webhooks: the sms webhook waits on it for every text to the onboarding number. */
  signupFunction: IFunction;
  /** The status and SMS redelivery queues, the CRM queue (issue 19 §5), and their dead letters. */
  redeliveryQueues: Record<'status' | 'sms' | 'crm', { queue: IQueue; deadLetters: IQueue }>;
  apiStage: Stage;
  alarms: IAlarm[];
}

const PERIOD = Duration.minutes(1);
const WIDTH = 12;
const graph = (title: string, metrics: IMetric[]) => new GraphWidget({ title, left: metrics, width: WIDTH, height: 6 });

/**
 * The application metrics' graphs, row by row, invariants first (the alarms' states beside them), then what the service
 * did and what it held back or failed. A declarative table: one entry per graph.
 */
const APPLICATION_GRAPHS: ReadonlyArray<ReadonlyArray<{ title: string; metrics: readonly MetricName[] }>> = [
  [
    {
      title: 'Invariant violations (any one pages)',
      metrics: [
        MetricName.VOICE_ONBOARDING_VIOLATION,
        MetricName.STATUS_ONBOARDING_VIOLATION,
        MetricName.STATUS_OPERATIONAL_NO_CLIENT,
        MetricName.SMS_OPERATIONAL_NO_CLIENT,
        MetricName.AUDIT_BREACHES,
      ],
    },
  ],
  [
    {
      title: 'Calls',
      metrics: [
        MetricName.VOICE_OPERATIONAL_ANSWERED,
        MetricName.MISSED_CALL,
        MetricName.TEXT_BACK_SENT,
        MetricName.OWNER_NOTIFIED,
      ],
    },
    {
      title: 'Messages',
      metrics: [
        MetricName.SMS_CUSTOMER_MESSAGE_STORED,
        MetricName.SMS_JOB_CREATED,
        MetricName.SMS_FORWARDED_TO_OWNER,
        MetricName.SMS_OWNER_REPLY_RELAYED,
      ],
    },
  ],
  [
    {
      title: 'Ring-first calls and voicemail',
      metrics: [
        MetricName.DIAL_CONNECTED,
        MetricName.DIAL_MISSED,
        MetricName.DIAL_LOOP_BLOCKED,
        MetricName.VOICEMAIL_RECORDED,
        MetricName.VOICEMAIL_TRANSCRIBED,
      ],
    },
    {
      title: 'Ring-first calls: loops, refused destinations, budgets, forgeries (alarmed)',
      metrics: [
        MetricName.DIAL_LOOP_BLOCKED,
        MetricName.DIAL_DESTINATION_BLOCKED,
        MetricName.DIAL_LIMITED,
        MetricName.SCREEN_FORGED,
        MetricName.VOICEMAIL_LIMITED,
        MetricName.VOICEMAIL_FORGED,
      ],
    },
  ],
  [
    {
      title: 'Sign-ups and the number pool',
      metrics: [
        MetricName.SMS_ONBOARDING_RECEIVED,
        MetricName.ONBOARDING_NUMBER_ASSIGNED,
        MetricName.ONBOARDING_POOL_EXHAUSTED,
        MetricName.ONBOARDING_RATE_LIMITED,
        MetricName.ONBOARDING_AWAITING_APPROVAL,
      ],
    },
    {
      title: 'Sign-up abuse held back',
      metrics: [
        MetricName.ONBOARDING_REPLY_CAPPED,
        MetricName.ONBOARDING_OWN_NUMBER_REFUSED,
        MetricName.ONBOARDING_NAME_REFUSED,
        MetricName.ONBOARDING_ALERT_PHONE_ASKED,
        MetricName.ONBOARDING_ALERT_PHONE_ACCEPTED,
        MetricName.ONBOARDING_ALERT_PHONE_DECLINED,
      ],
    },
    {
      title: 'Texts held back by a rule',
      metrics: [
        MetricName.TEXT_BACK_SKIPPED_WITHHELD,
        MetricName.TEXT_BACK_SKIPPED_COOLDOWN,
        MetricName.TEXT_BACK_SKIPPED_LOOP,
        MetricName.TEXT_BACK_SKIPPED_OPTED_OUT,
        MetricName.VOICE_SPAM_SCREENED,
        MetricName.SMS_DAILY_CAP_REACHED,
        MetricName.SMS_OWNER_CAP_REACHED,
        MetricName.SMS_COUNTERPART_LIMITED,
        MetricName.SMS_DESTINATION_BLOCKED,
        MetricName.SMS_LOOP_BLOCKED,
        MetricName.SMS_RECIPIENT_OPTED_OUT,
        MetricName.SMS_OPTED_OUT,
        MetricName.SMS_OPTED_IN,
      ],
    },
  ],
  [
    {
      title: 'Failures',
      metrics: [
        MetricName.SMS_SEND_FAILED,
        MetricName.SMS_STORE_FAILED,
        MetricName.STATUS_NOT_RECORDED,
        MetricName.VOICEMAIL_NOT_RECORDED,
        MetricName.OUTCOME_UNKNOWN,
        MetricName.VOICE_RESOLUTION_FAILED,
        MetricName.UNHANDLED_ERROR,
        MetricName.SIGNUP_HAND_OFF_FAILED,
        MetricName.SIGNUP_HAND_OFF_REFUSED,
      ],
    },
    {
      title: 'Rejected and ignored requests',
      metrics: [
        MetricName.SIGNATURE_REJECTED,
        MetricName.BAD_REQUEST,
        // Shown, not paged: calls and texts to system numbers are expected now and then.
        MetricName.VOICE_SYSTEM_NUMBER,
        MetricName.SMS_SYSTEM_NUMBER,
      ],
    },
  ],
  [
    {
      title:
        'CRM hand-off (issue 19 §5): published, delivered, failed, refused, dead-lettered, dropped, publish failures',
      metrics: [
        MetricName.CRM_EVENT_PUBLISHED,
        MetricName.CRM_DELIVERED,
        MetricName.CRM_DELIVERY_FAILED,
        MetricName.CRM_DESTINATION_REFUSED,
        MetricName.CRM_DEAD_LETTERED,
        MetricName.CRM_NO_WEBHOOK,
        MetricName.CRM_PUBLISH_FAILED,
      ],
    },
  ],
];

/** One dashboard per environment: invariants first, then what the service did, then how the platform coped. */
export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const app = (metricName: string): IMetric =>
      new Metric({ namespace: props.namespace, metricName, statistic: 'Sum', period: PERIOD, label: metricName });
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Missed-call text-back: ${props.environmentName}\nMetrics in \`${props.namespace}\`. Every alarm pages on-call; the system-number counts are shown, not paged.`,
        width: 24,
        height: 2,
      }),
    );
    const [invariants, ...rows] = APPLICATION_GRAPHS.map((row) =>
      row.map(({ title, metrics }) => graph(title, metrics.map(app))),
    );
    this.dashboard.addWidgets(
      ...(invariants ?? []),
      new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: WIDTH, height: 6 }),
    );
    for (const row of rows) this.dashboard.addWidgets(...row);
    this.addFunctionRows(props);
    this.addQueueAndApiRows(props);
  }

  /** How the functions coped: the webhooks' (and sign-up's) invocations, errors, duration and throttles, the scheduled jobs. */
  private addFunctionRows(props: ServiceDashboardProps): void {
    const perFunction = (title: string, metricOf: (fn: IFunction) => Metric) =>
      graph(
        title,
        Object.entries({ ...props.functions, signup: props.signupFunction }).map(([name, fn]) =>
          metricOf(fn).with({ label: name }),
        ),
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
  }

  /** The redelivery of webhooks and texts, its queues, and the API in front of the webhooks. */
  private addQueueAndApiRows(props: ServiceDashboardProps): void {
    const app = (metricName: string): IMetric =>
      new Metric({ namespace: props.namespace, metricName, statistic: 'Sum', period: PERIOD, label: metricName });
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
        'Redelivery and CRM queues: waiting and dead letters',
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
