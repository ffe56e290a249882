import type { App } from 'aws-cdk-lib';
import {
  ENVIRONMENT_NAMES,
  ENVIRONMENTS,
  isEnvironmentName,
  stackName,
  type EnvironmentName,
  type EnvironmentSettings,
} from './environments';
import { EXAMPLE_CONFIGURATION, ExampleConfigurationGuard } from './example-configuration';
import { MissedCallTextBackStack } from './missed-call-text-back-stack';
import { describePlaceholderSettings, placeholderSettings } from './placeholder-settings';

/** What `-c env=…` and `-c config=…` ask for: the environments to synthesize, or why none can be. */
export type StackSelection =
  | { ok: true; environments: EnvironmentSettings[]; example: boolean }
  | { ok: false; error: string };

/**
 * `-c env=staging|prod|all` picks the environments. Their settings must be the operator's own: a placeholder
 * (example.com, a drama or fictitious phone range, a documentation account) refuses synthesis, naming the setting.
 * `-c config=example` accepts the placeholders and marks every stack undeployable (ExampleConfigurationGuard).
 */
export function selectStacks(
  context: { env?: unknown; config?: unknown },
  environments: Record<EnvironmentName, EnvironmentSettings> = ENVIRONMENTS,
): StackSelection {
  const names: EnvironmentName[] =
    context.env === 'all' ? [...ENVIRONMENT_NAMES] : isEnvironmentName(context.env) ? [context.env] : [];
  if (names.length === 0)
    return {
      ok: false,
      error: `choose an environment: -c env=${ENVIRONMENT_NAMES.join('|')} (or -c env=all to synthesize every one)`,
    };
  if (context.config !== undefined && context.config !== EXAMPLE_CONFIGURATION)
    return { ok: false, error: `unknown -c config=${String(context.config)}: the only one is -c config=example` };
  const selected = names.map((name) => environments[name]);
  const example = context.config === EXAMPLE_CONFIGURATION;
  if (!example) {
    const problems = selected
      .map((settings) => ({ settings, found: placeholderSettings(settings) }))
      .filter(({ found }) => found.length > 0)
      .map(({ settings, found }) => describePlaceholderSettings(settings, found));
    if (problems.length > 0) return { ok: false, error: problems.join('\n\n') };
  }
  return { ok: true, environments: selected, example };
}

/** One stack per selected environment; each undeployable when synthesized from the example configuration. */
export function addStacks(app: App, selection: { environments: EnvironmentSettings[]; example: boolean }) {
  return selection.environments.map((settings) => {
    const stack = new MissedCallTextBackStack(app, stackName(settings.name), { settings });
    if (selection.example) new ExampleConfigurationGuard(stack);
    return stack;
  });
}
