import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaDeploymentConfig, LambdaDeploymentGroup, type ILambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { Alias, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RolloutStrategy } from './environments';

export const LIVE_ALIAS = 'live';

export interface GradualRolloutProps {
  fn: LambdaFunction;
  application: ILambdaApplication;
  strategy: RolloutStrategy;
  /** Any of these in ALARM during the shift stops it and points the alias back at the previous version. */
  rollbackAlarms: IAlarm[];
}

/**
 * Publishes the function's current version behind the `live` alias (what the API invokes) and lets CodeDeploy
 * shift traffic to each new version gradually, rolling back on alarm, on failure or when stopped.
 */
export class GradualRollout extends Construct {
  readonly alias: Alias;
  readonly deploymentGroup: LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: GradualRolloutProps) {
    super(scope, id);
    this.alias = new Alias(this, 'Live', { aliasName: LIVE_ALIAS, version: props.fn.currentVersion });
    this.deploymentGroup = new LambdaDeploymentGroup(this, 'Deployment', {
      application: props.application,
      alias: this.alias,
      deploymentConfig: LambdaDeploymentConfig[props.strategy],
      alarms: props.rollbackAlarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
