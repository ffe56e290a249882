import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { OnCallSettings } from './environments';

export interface OnCallTopicProps {
  onCall: OnCallSettings;
  displayName: string;
  /** The alarms that may publish are those named `<alarmNamePrefix>-*` in this account and region. */
  alarmNamePrefix: string;
  removalPolicy: RemovalPolicy;
}

/**
 * The one SNS topic every alarm notifies, on alarm and on OK. Either a topic this stack creates
 * (encrypted with its own key, TLS only) or an existing paging topic given by ARN; emails subscribe to it either way.
 */
export class OnCallTopic extends Construct {
  readonly topic: ITopic;

  constructor(scope: Construct, id: string, props: OnCallTopicProps) {
    super(scope, id);
    const { emails, topicArn } = props.onCall;
    if (emails.length === 0 && !topicArn)
      throw new Error('on-call needs at least one email or a topic ARN: nobody would be paged');

    this.topic = topicArn ? Topic.fromTopicArn(this, 'Topic', topicArn) : this.createTopic(props);
    for (const email of emails) this.topic.addSubscription(new EmailSubscription(email));
  }

  private createTopic(props: OnCallTopicProps): Topic {
    const stack = Stack.of(this);
    // Only this stack's alarms, on behalf of this account (no confused deputy).
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${props.alarmNamePrefix}-*`,
      },
    };
    // The AWS-managed SNS key cannot be used by CloudWatch alarms, so the topic gets its own key that CloudWatch may use.
    const key = new Key(this, 'Key', {
      description: `${props.displayName}: encrypts alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheOnCallTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    const topic = new Topic(this, 'Topic', { displayName: props.displayName, masterKey: key, enforceSSL: true });
    // The topic policy replaces SNS's default one, so CloudWatch is allowed explicitly.
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    return topic;
  }
}
