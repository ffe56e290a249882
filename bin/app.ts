#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addStacks, selectStacks } from '../lib/stack-selection';

// `cdk deploy -c env=staging` or `-c env=prod` (settings from lib/environments.ts, placeholders refused);
// `-c env=all -c config=example` synthesizes every environment from the shipped example settings (CI), undeployable.
const app = new App();
const selection = selectStacks({ env: app.node.tryGetContext('env'), config: app.node.tryGetContext('config') });
if (!selection.ok) {
  console.error(selection.error);
  process.exit(1);
}
addStacks(app, selection);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
