import type { Duration } from 'aws-cdk-lib';
import { Rule, type Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export type ScheduledJobName = 'waitlist' | 'audit' | 'ownerTexts';

export interface ScheduledJobProps {
  fn: IFunction;
  schedule: Schedule;
  description: string;
  /** How long EventBridge keeps trying to deliver one tick when Lambda cannot take it (throttled); default 24 h. */
  maxEventAge?: Duration;
}

/**
 * An EventBridge rule that invokes a function on a schedule (UTC), with the function itself as the target:
 * scheduled jobs are not behind an alias or a gradual rollout, a new version takes the next tick (all at once).
 */
export class ScheduledJob extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: props.description,
      schedule: props.schedule,
      targets: [new LambdaFunction(props.fn, props.maxEventAge ? { maxEventAge: props.maxEventAge } : {})],
    });
  }
}
