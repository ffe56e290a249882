#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  ENVIRONMENT_NAMES,
  ENVIRONMENTS,
  isEnvironmentName,
  stackName,
  type EnvironmentName,
} from '../lib/environments';
import { MissedCallTextBackStack } from '../lib/missed-call-text-back-stack';

// `cdk deploy -c env=staging` or `-c env=prod`; `-c env=all` synthesizes every environment (CI).
const app = new App();
const requested: unknown = app.node.tryGetContext('env');
const selected: EnvironmentName[] =
  requested === 'all' ? [...ENVIRONMENT_NAMES] : isEnvironmentName(requested) ? [requested] : [];
if (selected.length === 0) {
  console.error(`choose an environment: -c env=${ENVIRONMENT_NAMES.join('|')} (or -c env=all to synthesize every one)`);
  process.exit(1);
}

for (const name of selected) {
  new MissedCallTextBackStack(app, stackName(name), { settings: ENVIRONMENTS[name] });
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
