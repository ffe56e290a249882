import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import cdkJson from '../../cdk.json';
import { ENVIRONMENTS, stackName, type EnvironmentName, type EnvironmentSettings } from '../../lib/environments';
import { ExampleConfigurationGuard } from '../../lib/example-configuration';
import { MissedCallTextBackStack } from '../../lib/missed-call-text-back-stack';

export interface Synthesized {
  app: App;
  stack: MissedCallTextBackStack;
  template: Template;
  /** The template's resources of one type, by logical id. */
  resources(type: string): Record<string, TemplateResource>;
  logicalId(construct: IConstruct): string;
}

export interface TemplateResource {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, any>;
}

/**
 * Synthesizes one environment's stack as `cdk synth` would (cdk.json's feature flags), but without bundling:
 * `aws:cdk:bundling-stacks = []` makes aws-cdk-lib skip esbuild, so template tests stay fast and offline.
 * `npm run synth` is what proves the real bundle. Like CI (`-c config=example`), the shipped example settings are
 * synthesized with the guard that makes CloudFormation refuse to deploy them.
 */
export function synthesize(environment: EnvironmentName | EnvironmentSettings): Synthesized {
  const settings = typeof environment === 'string' ? ENVIRONMENTS[environment] : environment;
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new MissedCallTextBackStack(app, stackName(settings.name), { settings });
  new ExampleConfigurationGuard(stack);
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    resources: (type) => template.findResources(type) as Record<string, TemplateResource>,
    logicalId: (construct) => stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnResource),
  };
}

const cache = new Map<EnvironmentName, Synthesized>();

/** Each environment once per test file. */
export function synthesized(environment: EnvironmentName): Synthesized {
  let result = cache.get(environment);
  if (!result) {
    result = synthesize(environment);
    cache.set(environment, result);
  }
  return result;
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': 'eu-west-2',
  'AWS::AccountId': '111122223333',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * A stand-in for CloudFormation: resolves Ref, Fn::GetAtt and Fn::Join to readable strings
 * (`Ref` of a resource becomes `<logicalId>`), so synthesized values can be compared as text.
 */
export function resolveIntrinsics(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('Ref' in object) {
      const ref = String(object.Ref);
      return PSEUDO_PARAMETERS[ref] ?? `<${ref}>`;
    }
    if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(resolveIntrinsics).join(separator);
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}
