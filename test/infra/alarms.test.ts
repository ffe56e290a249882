import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { MetricName } from '../../shared/metric-names';
import { ALARM_TABLE, runbookAnchor, VOICEMAIL_NOT_RECORDED_PER_5_MINUTES } from '../../lib/alarm-table';
import { ENVIRONMENT_NAMES, ENVIRONMENTS, type EnvironmentName } from '../../lib/environments';
import { resolveIntrinsics, synthesize, synthesized, type Synthesized, type TemplateResource } from './synthesize';

interface ExpectedAlarm {
  id: string;
  namespace: 'app' | 'AWS/Lambda' | 'AWS/ApiGateway' | 'AWS/SQS';
  metricName: string;
  /** Seconds. */
  period: number;
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  statistic?: string;
  /** Default 1. */
  evaluationPeriods?: number;
  /** Default notBreaching: the application metrics are only emitted when something is counted. */
  treatMissingData?: 'notBreaching' | 'breaching';
}

/** What on-call is paged for, per environment: the list, with the thresholds of lib/environments.ts. */
function expectedAlarms(environment: EnvironmentName): ExpectedAlarm[] {
  const t = ENVIRONMENTS[environment].alarms;
  const anyAtAll = (id: string, metricName: string, period: number): ExpectedAlarm => ({
    id,
    namespace: 'app',
    metricName,
    period,
    threshold: 0,
    comparison: 'GreaterThanThreshold',
  });
  const invariant = (id: string, metricName: string): ExpectedAlarm => anyAtAll(id, metricName, 60);
  const atLeast = (
    id: string,
    namespace: ExpectedAlarm['namespace'],
    metricName: string,
    period: number,
    threshold: number,
  ): ExpectedAlarm => ({
    id,
    namespace,
    metricName,
    period,
    threshold,
    comparison: 'GreaterThanOrEqualToThreshold',
  });
  return [
    invariant('VoiceOnboardingInvariant', MetricName.VOICE_ONBOARDING_VIOLATION),
    invariant('StatusOnboardingInvariant', MetricName.STATUS_ONBOARDING_VIOLATION),
    invariant('StatusOperationalNoClient', MetricName.STATUS_OPERATIONAL_NO_CLIENT),
    invariant('SmsOperationalNoClient', MetricName.SMS_OPERATIONAL_NO_CLIENT),
    invariant('AuditBreaches', MetricName.AUDIT_BREACHES),
    // Every audit run emits audit.breaches, 0 when clean: no sample for 26 hours in a row means it did not run.
    {
      id: 'AuditDidNotRun',
      namespace: 'app',
      metricName: MetricName.AUDIT_BREACHES,
      period: 3600,
      threshold: 1,
      comparison: 'LessThanThreshold',
      statistic: 'SampleCount',
      evaluationPeriods: 26,
      treatMissingData: 'breaching',
    },
    anyAtAll('SmsDailyCapReached', MetricName.SMS_DAILY_CAP_REACHED, 300),
    anyAtAll('OutcomeUnknown', MetricName.OUTCOME_UNKNOWN, 300),
    anyAtAll('RedeliveryQueueUnreachable', MetricName.WEBHOOK_QUEUE_FAILED, 60),
    anyAtAll('SendQueueUnreachable', MetricName.SMS_SEND_QUEUE_FAILED, 60),
    anyAtAll('OnboardingNumberTextGaveUp', MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP, 300),
    {
      ...atLeast('StatusRedeliveryDeadLetters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 60, 1),
      statistic: 'Maximum',
    },
    {
      ...atLeast('SmsRedeliveryDeadLetters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 60, 1),
      statistic: 'Maximum',
    },
    anyAtAll('VoiceDialLoopBlocked', MetricName.DIAL_LOOP_BLOCKED, 300),
    anyAtAll('VoiceDialDestinationBlocked', MetricName.DIAL_DESTINATION_BLOCKED, 300),
    anyAtAll('VoiceDialLimited', MetricName.DIAL_LIMITED, 300),
    anyAtAll('VoiceScreenForged', MetricName.SCREEN_FORGED, 300),
    anyAtAll('VoicemailForged', MetricName.VOICEMAIL_FORGED, 300),
    anyAtAll('SmsLoopBlocked', MetricName.SMS_LOOP_BLOCKED, 300),
    anyAtAll('SmsOwnerCapReached', MetricName.SMS_OWNER_CAP_REACHED, 300),
    atLeast('SmsDestinationBlocked', 'app', MetricName.SMS_DESTINATION_BLOCKED, 300, t.destinationBlockedPer5Minutes),
    atLeast('SmsSendFailed', 'app', MetricName.SMS_SEND_FAILED, 300, t.smsSendFailedPer5Minutes),
    atLeast('OnboardingPoolExhausted', 'app', MetricName.ONBOARDING_POOL_EXHAUSTED, 300, t.poolExhaustedPer5Minutes),
    atLeast('OnboardingRateLimited', 'app', MetricName.ONBOARDING_RATE_LIMITED, 300, t.signupRateLimitedPer5Minutes),
    atLeast('SignatureRejectedSpike', 'app', MetricName.SIGNATURE_REJECTED, 300, t.signatureRejectedPer5Minutes),
    atLeast('VoiceResolutionFailed', 'app', MetricName.VOICE_RESOLUTION_FAILED, 300, t.resolutionFailedPer5Minutes),
    atLeast('SmsStoreFailed', 'app', MetricName.SMS_STORE_FAILED, 300, t.smsStoreFailedPer5Minutes),
    atLeast('StatusNotRecorded', 'app', MetricName.STATUS_NOT_RECORDED, 300, t.smsStoreFailedPer5Minutes),
    atLeast(
      'VoicemailNotRecorded',
      'app',
      MetricName.VOICEMAIL_NOT_RECORDED,
      300,
      VOICEMAIL_NOT_RECORDED_PER_5_MINUTES,
    ),
    atLeast('UnhandledErrors', 'app', MetricName.UNHANDLED_ERROR, 60, t.unhandledErrorsPerMinute),
    ...(['Voice', 'Status', 'Sms'] as const).flatMap((fn) => [
      atLeast(`${fn}Errors`, 'AWS/Lambda', 'Errors', 60, t.lambdaErrorsPerMinute),
      atLeast(`${fn}Throttles`, 'AWS/Lambda', 'Throttles', 300, t.lambdaThrottlesPer5Minutes),
    ]),
    // The sign-up function: as the webhooks' errors; a refused hand-off is a bug, any one pages.
    atLeast('SignupErrors', 'AWS/Lambda', 'Errors', 60, t.lambdaErrorsPerMinute),
    anyAtAll('SignupHandOffRefused', MetricName.SIGNUP_HAND_OFF_REFUSED, 60),
    // Scheduled jobs: any failed run pages.
    atLeast('WaitingListErrors', 'AWS/Lambda', 'Errors', 300, 1),
    atLeast('AuditErrors', 'AWS/Lambda', 'Errors', 300, 1),
    // Issue 19 §5: the CRM hand-off. A CRM that is down is the business's; only what we can act on pages.
    anyAtAll('CrmPublishFailed', MetricName.CRM_PUBLISH_FAILED, 300),
    atLeast('CrmErrors', 'AWS/Lambda', 'Errors', 300, 1),
    { ...atLeast('CrmDeadLetters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 60, 1), statistic: 'Maximum' },
    atLeast('OwnerTextsErrors', 'AWS/Lambda', 'Errors', 300, 1),
    atLeast('Api5xx', 'AWS/ApiGateway', '5XXError', 300, t.api5xxPer5Minutes),
    { ...atLeast('ApiLatency', 'AWS/ApiGateway', 'Latency', 300, t.apiLatencyP99.toMilliseconds()), statistic: 'p99' },
  ];
}

function alarmsByName(s: Synthesized): Record<string, TemplateResource> {
  return Object.fromEntries(
    Object.values(s.resources('AWS::CloudWatch::Alarm')).map((alarm) => [alarm.Properties.AlarmName, alarm]),
  );
}

function functionNameRef(s: Synthesized, id: string): { Ref: string } {
  if (id.startsWith('WaitingList')) return { Ref: s.logicalId(s.stack.scheduledFunctions.waitlist) };
  if (id.startsWith('Audit')) return { Ref: s.logicalId(s.stack.scheduledFunctions.audit) };
  if (id.startsWith('Crm')) return { Ref: s.logicalId(s.stack.crmFunction) };
  if (id.startsWith('Signup')) return { Ref: s.logicalId(s.stack.signupFunction) };
  if (id.startsWith('OwnerTexts')) return { Ref: s.logicalId(s.stack.scheduledFunctions.ownerTexts) };
  const webhook = id.startsWith('Voice') ? 'voice' : id.startsWith('Status') ? 'status' : 'sms';
  return { Ref: s.logicalId(s.stack.functions[webhook]) };
}

describe.each(ENVIRONMENT_NAMES)('alarms in %s', (environment) => {
  const s = synthesized(environment);
  const namespace = `MissedCallTextBack/${environment}`;
  const topicRef = () => ({ Ref: s.logicalId(s.stack.node.findChild('OnCall').node.findChild('Topic')) });

  it('exactly the expected alarms exist', () => {
    expect(Object.keys(alarmsByName(s)).sort()).toEqual(
      expectedAlarms(environment)
        .map(({ id }) => `MissedCallTextBack-${environment}-${id}`)
        .sort(),
    );
  });

  it.each(expectedAlarms(environment))(
    '$id watches $metricName, pages at $threshold per $period s and notifies on-call on ALARM and OK',
    (expected) => {
      const alarm = alarmsByName(s)[`MissedCallTextBack-${environment}-${expected.id}`]!.Properties;
      expect(alarm).toMatchObject({
        MetricName: expected.metricName,
        Period: expected.period,
        Threshold: expected.threshold,
        ComparisonOperator: expected.comparison,
        EvaluationPeriods: expected.evaluationPeriods ?? 1,
        TreatMissingData: expected.treatMissingData ?? 'notBreaching',
        AlarmActions: [topicRef()],
        OKActions: [topicRef()],
      });
      expect(alarm.AlarmDescription).toEqual(expect.any(String));
      if (expected.statistic === 'SampleCount' || expected.statistic === 'Maximum')
        expect(alarm.Statistic).toBe(expected.statistic);
      else if (expected.statistic) expect(alarm.ExtendedStatistic).toBe(expected.statistic);
      else expect(alarm.Statistic).toBe('Sum');
      // Every period of the window must breach: datapointsToAlarm is not an "M of N" anywhere.
      expect(alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods).toBe(alarm.EvaluationPeriods);

      if (expected.namespace === 'app') {
        // The functions emit with no dimensions: an alarm with any dimension would never fire.
        expect(alarm.Namespace).toBe(namespace);
        expect(alarm.Dimensions).toBeUndefined();
      } else if (expected.namespace === 'AWS/SQS') {
        // The dead-letter queue of the route's redelivery queue, nothing else.
        expect(alarm.Namespace).toBe('AWS/SQS');
        const route = expected.id.startsWith('Status') ? 'status' : 'sms';
        const deadLetters = expected.id.startsWith('Crm')
          ? s.stack.crmQueue.deadLetters
          : s.stack.redeliveryQueues[route].deadLetters;
        expect(alarm.Dimensions).toEqual([
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [s.logicalId(deadLetters), 'QueueName'] },
          },
        ]);
      } else if (expected.namespace === 'AWS/Lambda') {
        expect(alarm.Namespace).toBe('AWS/Lambda');
        expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: functionNameRef(s, expected.id) }]);
      } else {
        expect(alarm.Namespace).toBe('AWS/ApiGateway');
        expect(alarm.Dimensions).toEqual([
          { Name: 'ApiName', Value: `MissedCallTextBack-${environment}` },
          { Name: 'Stage', Value: expect.anything() },
        ]);
        expect(resolveIntrinsics(alarm.Dimensions[1].Value)).toMatch(/^<.*Stage.*>$/);
      }
    },
  );

  it('voice.system_number is shown on the dashboard but pages nobody', () => {
    expect(Object.values(alarmsByName(s)).map((alarm) => alarm.Properties.MetricName)).not.toContain(
      MetricName.VOICE_SYSTEM_NUMBER,
    );
    const [dashboard] = Object.values(s.resources('AWS::CloudWatch::Dashboard'));
    expect(resolveIntrinsics(dashboard!.Properties.DashboardBody)).toContain(
      `"${namespace}","${MetricName.VOICE_SYSTEM_NUMBER}"`,
    );
  });

  it("the environment's dashboard graphs every metric an alarm watches and shows every alarm", () => {
    const [dashboard] = Object.values(s.resources('AWS::CloudWatch::Dashboard'));
    expect(dashboard!.Properties.DashboardName).toBe(`MissedCallTextBack-${environment}`);
    const body = resolveIntrinsics(dashboard!.Properties.DashboardBody);
    for (const alarm of expectedAlarms(environment)) expect(body).toContain(`"${alarm.metricName}"`);
    expect(body).toContain('"type":"alarm"');
  });
});

describe.each(ENVIRONMENT_NAMES)('the alarm table and the alarms of %s', (environment) => {
  const s = synthesized(environment);
  const prefix = `MissedCallTextBack-${environment}-`;

  it('every alarm in the template comes from a row of the table, and every row is an alarm', () => {
    expect(Object.keys(alarmsByName(s)).sort()).toEqual(ALARM_TABLE.map(({ name }) => `${prefix}${name}`).sort());
  });

  it('no two rows share a name, so no two alarms share a runbook anchor', () => {
    const anchors = ALARM_TABLE.map(({ name }) => runbookAnchor(name));
    expect(new Set(anchors).size).toBe(ALARM_TABLE.length);
  });

  it.each(ALARM_TABLE.map((row) => [row.name, row] as const))(
    "%s tells on-call the row's text and where its runbook is",
    (name, row) => {
      const description: string = alarmsByName(s)[`${prefix}${name}`]!.Properties.AlarmDescription;
      const onCall = typeof row.onCall === 'function' ? row.onCall(ENVIRONMENTS[environment].alarms) : row.onCall;
      expect(description).toBe(`${onCall} Runbook: docs/operations.md#${name.toLowerCase()}`);
      // CloudWatch refuses an alarm description over 1024 characters.
      expect(description.length).toBeLessThanOrEqual(1024);
    },
  );
});

describe('what the alarm texts tell on-call about failures', () => {
  const s = synthesized('prod');
  const description = (id: string): string =>
    alarmsByName(s)[`MissedCallTextBack-prod-${id}`]!.Properties.AlarmDescription;

  it('no alarm says Twilio is asked to retry: failures are queued and answered 200', () => {
    for (const alarm of Object.values(alarmsByName(s))) {
      expect(alarm.Properties.AlarmDescription).not.toMatch(
        /asked to retry|Twilio (delivers|will deliver) (it )?again/i,
      );
    }
  });

  it.each([
    ['SmsStoreFailed', 'sms', 'SmsRedeliveryDeadLetters'],
    ['SignupErrors', 'sms', 'SmsRedeliveryDeadLetters'],
    ['StatusNotRecorded', 'status', 'StatusRedeliveryDeadLetters'],
    ['VoicemailNotRecorded', 'status', 'StatusRedeliveryDeadLetters'],
  ])(
    '%s says the webhook was answered 200 and queued, what pages if it never finishes, and how to replay it',
    (id, route, deadLetters) => {
      expect(description(id)).toContain(`answered 200 and queued on the ${route} redelivery queue`);
      expect(description(id)).toContain(deadLetters);
      expect(description(id)).toContain('admin -- replay');
    },
  );

  it('a failed status or sms function says nothing was queued and Twilio will not deliver it again', () => {
    for (const id of ['StatusErrors', 'StatusThrottles', 'SmsErrors', 'SmsThrottles']) {
      expect(description(id)).toContain('Nothing was queued');
    }
  });

  it("voicemail failures page on their own metric and threshold, not the status callbacks' or the texts'", () => {
    const voicemail = alarmsByName(s)['MissedCallTextBack-prod-VoicemailNotRecorded']!.Properties;
    expect(voicemail.MetricName).toBe(MetricName.VOICEMAIL_NOT_RECORDED);
    expect(voicemail.Threshold).toBe(VOICEMAIL_NOT_RECORDED_PER_5_MINUTES);
    expect(description('VoicemailNotRecorded')).toContain(
      `Pages at ${VOICEMAIL_NOT_RECORDED_PER_5_MINUTES} in 5 minutes`,
    );
  });
});

describe('the README deployment section', () => {
  it('tells on-call what to do for every alarm the stack creates', () => {
    const rows = readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| '))
      .map((line) =>
        line
          .split('|')[1]!
          .split(',')
          .map((name) => name.trim()),
      );
    const operations = path.join(__dirname, '../../docs/operations.md');
    const headings = existsSync(operations)
      ? readFileSync(operations, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('## '))
          .map((line) => line.slice(3).trim())
      : [];
    const documented = new Set([...rows.flat(), ...headings]);
    // Issue 16 added this alarm while the docs helper moves the runbook to docs/operations.md (a `## <AlarmName>`
    // heading per alarm); once that file exists, every alarm must be in it or in the README.
    const awaitingRunbook = existsSync(operations) ? [] : ['VoicemailNotRecorded'];
    const missing = expectedAlarms('prod')
      .map(({ id }) => id)
      .filter((id) => !documented.has(id) && !awaitingRunbook.includes(id));
    expect(missing).toEqual([]);
  });
});

describe('the daily audit pages when it finds breaches and when it stops running', () => {
  const s = synthesized('prod');
  const alarm = (id: string) => alarmsByName(s)[`MissedCallTextBack-prod-${id}`]!.Properties;

  it('"did not run" waits more than a day (the audit runs once a day) and stays within CloudWatch\'s 7-day window', () => {
    const { Period, EvaluationPeriods } = alarm('AuditDidNotRun');
    expect(Period * EvaluationPeriods).toBeGreaterThan(24 * 3600);
    expect(Period * EvaluationPeriods).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it('"did not run" watches the same metric, namespace and dimensions as the breach alarm, so one run clears it', () => {
    const breaches = alarm('AuditBreaches');
    const silence = alarm('AuditDidNotRun');
    expect([silence.Namespace, silence.MetricName, silence.Dimensions]).toEqual([
      breaches.Namespace,
      breaches.MetricName,
      breaches.Dimensions,
    ]);
  });

  it("no scheduled job's alarm rolls a webhook deployment back", () => {
    const jobAlarmIds = Object.entries(s.resources('AWS::CloudWatch::Alarm'))
      .filter(([, resource]) => /-(Audit|WaitingList)/.test(resource.Properties.AlarmName))
      .map(([logicalId]) => logicalId);
    expect(jobAlarmIds).toHaveLength(4);
    const watched = Object.values(s.resources('AWS::CodeDeploy::DeploymentGroup')).flatMap((group) =>
      group.Properties.AlarmConfiguration.Alarms.map(({ Name }: { Name: { Ref: string } }) => Name.Ref),
    );
    for (const id of jobAlarmIds) expect(watched).not.toContain(id);
  });
});

describe('the on-call topic', () => {
  it('is encrypted with a rotating key that CloudWatch alarms may use, accepts TLS only, and emails on-call', () => {
    const s = synthesized('prod');
    s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    // Only this stack's alarms may use the topic and its key.
    const [keyResource] = Object.values(s.resources('AWS::KMS::Key'));
    const cloudWatchGrant = keyResource!.Properties.KeyPolicy.Statement.find(
      (statement: { Sid?: string }) => statement.Sid === 'CloudWatchAlarmsPublishToTheOnCallTopic',
    );
    expect(resolveIntrinsics(cloudWatchGrant.Condition.ArnLike['aws:SourceArn'])).toBe(
      'arn:aws:cloudwatch:eu-west-2:111122223333:alarm:MissedCallTextBack-prod-*',
    );
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ENVIRONMENTS.prod.onCall.emails[0],
    });
  });

  it('when an existing paging topic is configured, every alarm notifies it and no topic is created', () => {
    const pager = 'arn:aws:sns:eu-west-2:111122223333:pagerduty-missed-call-textback';
    const s = synthesize({ ...ENVIRONMENTS.prod, onCall: { emails: [], topicArn: pager } });
    s.template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(s.resources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([pager]);
      expect(alarm.Properties.OKActions).toEqual([pager]);
    }
  });

  it('a stack that would page nobody is refused at synthesis', () => {
    expect(() => synthesize({ ...ENVIRONMENTS.staging, onCall: { emails: [] } })).toThrow('nobody would be paged');
  });
});

describe('safe rollout', () => {
  const rollbackAlarms: Record<'Voice' | 'Status' | 'Sms', string[]> = {
    Voice: ['VoiceOnboardingInvariant', 'VoiceResolutionFailed', 'UnhandledErrors', 'VoiceErrors'],
    Status: [
      'StatusOnboardingInvariant',
      'StatusOperationalNoClient',
      'SmsSendFailed',
      'UnhandledErrors',
      'StatusErrors',
    ],
    Sms: ['SmsOperationalNoClient', 'SmsSendFailed', 'SmsStoreFailed', 'UnhandledErrors', 'SmsErrors'],
  };
  const deploymentConfigs: Record<EnvironmentName, string> = {
    staging: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    prod: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  };

  it.each(
    ENVIRONMENT_NAMES.flatMap((environment) =>
      (['Voice', 'Status', 'Sms'] as const).map((fn) => [environment, fn] as const),
    ),
  )(
    'in %s, %s shifts traffic gradually and rolls back by itself on its invariant and error alarms',
    (environment, fn) => {
      const s = synthesized(environment);
      const rollout = s.stack.node.findChild(`${fn}Rollout`);
      const group = s.resources('AWS::CodeDeploy::DeploymentGroup')[s.logicalId(rollout.node.findChild('Deployment'))]!
        .Properties;
      expect(group.DeploymentConfigName).toBe(deploymentConfigs[environment]);
      expect(group.AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
      });
      const alarmIds = Object.fromEntries(
        Object.entries(s.resources('AWS::CloudWatch::Alarm')).map(([logicalId, alarm]) => [
          logicalId,
          String(alarm.Properties.AlarmName).replace(`MissedCallTextBack-${environment}-`, ''),
        ]),
      );
      expect(group.AlarmConfiguration.Enabled).toBe(true);
      expect(group.AlarmConfiguration.Alarms.map(({ Name }: { Name: { Ref: string } }) => alarmIds[Name.Ref])).toEqual(
        rollbackAlarms[fn],
      );

      // CloudFormation hands each new version to CodeDeploy instead of switching the alias at once.
      const alias = s.resources('AWS::Lambda::Alias')[s.logicalId(rollout.node.findChild('Live'))]!;
      expect(alias.UpdatePolicy).toEqual({
        CodeDeployLambdaAliasUpdate: { ApplicationName: expect.anything(), DeploymentGroupName: expect.anything() },
      });
    },
  );
});
