import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_TABLE, runbookAnchor, type AlarmRow, type AlarmWatch, type WebhookName } from './alarm-table';
import type { AlarmThresholds } from './environments';
import type { ScheduledJobName } from './scheduled-job';

export type { WebhookName } from './alarm-table';

export interface ServiceAlarmsProps {
  /** The namespace the functions emit in (METRICS_NAMESPACE). */
  namespace: string;
  alarmNamePrefix: string;
  thresholds: AlarmThresholds;
  topic: ITopic;
  functions: Record<WebhookName, IFunction>;
  scheduledFunctions: Record<ScheduledJobName, IFunction>;
  /** Issue 19 §5: the CRM queue's consumer and dead letters (job events no CRM took). */
  crm: { fn: IFunction; deadLetters: IQueue };
  /** The sign-up function (invoked by the SMS function and its consumer). */
  signupFunction: IFunction;
  /** The redelivery queues' dead letters: status callbacks and texts that could not be finished. */
  deadLetterQueues: Record<'status' | 'sms', IQueue>;
  apiStage: Stage;
}

/**
 * Every alarm that pages on-call, one per row of ALARM_TABLE, each notifying the one on-call topic on ALARM and on OK;
 * its description is the row's on-call text and its runbook anchor. Application metrics are matched on namespace and
 * name only: the functions emit them with no dimensions, and an alarm on a dimension set never emitted never fires.
 */
export class ServiceAlarms extends Construct {
  readonly all: Alarm[] = [];
  /** The on-call topic every alarm notifies. */
  readonly topic: ITopic;
  /** The alarms a gradual deployment of each function watches; any of them in ALARM rolls it back. */
  readonly rollbackAlarms: Record<WebhookName, Alarm[]> = { voice: [], status: [], sms: [] };

  private readonly props: ServiceAlarmsProps;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.props = props;
    this.topic = props.topic;
    for (const row of ALARM_TABLE) {
      const alarm = this.alarm(row);
      for (const webhook of row.rollsBack ?? []) this.rollbackAlarms[webhook].push(alarm);
    }
  }

  private alarm(row: AlarmRow): Alarm {
    const t = this.props.thresholds;
    const onCall = typeof row.onCall === 'function' ? row.onCall(t) : row.onCall;
    const alarm = new Alarm(this, row.name, {
      alarmName: `${this.props.alarmNamePrefix}-${row.name}`,
      alarmDescription: `${onCall} Runbook: ${runbookAnchor(row.name)}`,
      metric: this.metric(row.watch),
      threshold: row.threshold === 'any' ? 0 : typeof row.threshold === 'function' ? row.threshold(t) : row.threshold,
      comparisonOperator:
        row.threshold === 'any'
          ? ComparisonOperator.GREATER_THAN_THRESHOLD
          : row.below
            ? ComparisonOperator.LESS_THAN_THRESHOLD
            : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: row.evaluationPeriods ?? 1,
      // No data means nothing happened: application metrics are only emitted when something is counted.
      treatMissingData: row.missingDataBreaches ? TreatMissingData.BREACHING : TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.props.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.all.push(alarm);
    return alarm;
  }

  private metric(watch: AlarmWatch): IMetric {
    const { props } = this;
    switch (watch.kind) {
      case 'app':
        return new Metric({
          namespace: props.namespace,
          metricName: watch.metric,
          statistic: watch.statistic ?? 'Sum',
          period: Duration.seconds(watch.periodSeconds),
        });
      case 'lambda': {
        const fn =
          watch.fn === 'crm'
            ? props.crm.fn
            : watch.fn === 'signup'
              ? props.signupFunction
              : watch.fn === 'waitlist' || watch.fn === 'audit' || watch.fn === 'ownerTexts'
                ? props.scheduledFunctions[watch.fn]
                : props.functions[watch.fn];
        const options = { period: Duration.seconds(watch.periodSeconds), statistic: 'Sum' };
        return watch.metric === 'Errors' ? fn.metricErrors(options) : fn.metricThrottles(options);
      }
      case 'deadLetters':
        return (
          watch.route === 'crm' ? props.crm.deadLetters : props.deadLetterQueues[watch.route]
        ).metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        });
      case 'api':
        return watch.metric === '5XXError'
          ? props.apiStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' })
          : props.apiStage.metricLatency({ period: Duration.minutes(5), statistic: 'p99' });
    }
  }
}
