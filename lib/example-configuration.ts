import { CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** `-c config=example`: synthesize the shipped (placeholder) settings for checks only. */
export const EXAMPLE_CONFIGURATION = 'example';

/** What CloudFormation answers when someone deploys a stack synthesized from the example configuration. */
export const EXAMPLE_REFUSAL =
  'This stack was synthesized with -c config=example (placeholder settings, for checks only) and cannot be deployed. ' +
  'Put your own settings in lib/environments.ts and deploy without -c config=example.';

/**
 * Makes a stack undeployable: a CloudFormation rule asserts that a parameter equals a value its AllowedValues
 * exclude, so every create or update of the stack fails before any resource is touched, with EXAMPLE_REFUSAL.
 * The app cannot tell `cdk synth` from `cdk deploy` (the CLI runs it the same way for both), so the refusal
 * travels in the template itself and holds for every way of deploying it: cdk deploy, a pipeline, the console.
 */
export class ExampleConfigurationGuard extends Construct {
  constructor(stack: Stack) {
    super(stack, 'ExampleConfigurationGuard');
    const configuration = new CfnParameter(this, 'Configuration', {
      type: 'String',
      default: EXAMPLE_CONFIGURATION,
      allowedValues: [EXAMPLE_CONFIGURATION],
      description: 'Synthesized from the example configuration: not deployable.',
    });
    configuration.overrideLogicalId('ExampleConfiguration');
    const rule = new CfnRule(this, 'Refusal', {
      assertions: [
        { assert: Fn.conditionEquals(configuration.valueAsString, 'deployable'), assertDescription: EXAMPLE_REFUSAL },
      ],
    });
    rule.overrideLogicalId('RefuseExampleConfiguration');
  }
}
