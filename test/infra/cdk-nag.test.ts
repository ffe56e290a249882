import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../../lib/environments';
import { synthesize, synthesized } from './synthesize';

/** Findings cdk-nag still reports after the stack's acknowledgements, as "rule at path" lines. */
function unacknowledgedFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) =>
        `${violation.ruleName} (${violation.severity}) at ${resource.constructPath}: ${violation.description}`,
    ),
  );
}

/** Every acknowledgement in the tree: rule id and reason. */
function acknowledgements(scope: IConstruct): Array<{ rule: string; reason: string; path: string }> {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
          rule,
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each(ENVIRONMENT_NAMES)('finds nothing unacknowledged in %s', (environment) => {
    expect(unacknowledgedFindings(synthesized(environment).app)).toEqual([]);
  });

  it('finds nothing unacknowledged with a custom domain and an existing paging topic', () => {
    const s = synthesize({
      ...ENVIRONMENTS.prod,
      onCall: { emails: ['oncall@example.com'], topicArn: 'arn:aws:sns:eu-west-2:111122223333:pager' },
      customDomain: {
        domainName: 'hooks.example.com',
        certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/0f7c1a52-2b3a-4b4b-9a57-1f3d3c1c2e11',
      },
    });
    expect(unacknowledgedFindings(s.app)).toEqual([]);
  });

  it('acknowledges only the rules it must, each on its own resource and with a specific reason', () => {
    const found = acknowledgements(synthesized('prod').app);
    expect([...new Set(found.map(({ rule }) => rule.replace(/^annotation::/i, '')))].sort()).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG3',
      'AwsSolutions-APIG4',
      'AwsSolutions-COG4',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    ]);
    for (const { reason, path } of found) {
      expect(path).not.toBe('MissedCallTextBack-prod');
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
