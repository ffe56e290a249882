import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { ENVIRONMENTS, type EnvironmentName, type EnvironmentSettings } from '../../lib/environments';
import { EXAMPLE_REFUSAL } from '../../lib/example-configuration';
import { placeholderSettings } from '../../lib/placeholder-settings';
import { addStacks, selectStacks } from '../../lib/stack-selection';

const ROOT = join(__dirname, '../..');

/** An operator's own settings: what lib/environments.ts holds after the README's edit. */
function ownSettings(name: EnvironmentName): EnvironmentSettings {
  return {
    ...ENVIRONMENTS[name],
    onboardingNumber: name === 'prod' ? '+447911123456' : '+447911123457',
    onCall: { emails: [`oncall-${name}@acme-plumbing.co.uk`] },
  };
}
const OWN: Record<EnvironmentName, EnvironmentSettings> = {
  staging: ownSettings('staging'),
  prod: ownSettings('prod'),
};

function templateOf(selection: ReturnType<typeof selectStacks>): Record<string, any> {
  if (!selection.ok) throw new Error(selection.error);
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const [stack] = addStacks(app, { ...selection, environments: selection.environments.slice(0, 1) });
  return Template.fromStack(stack!).toJSON();
}

/**
 * CloudFormation's evaluation of a template's Rules for one set of parameter values (the rule functions a guard
 * can use: Fn::Equals, Fn::Not, Fn::Contains, Ref). True when every assertion holds, i.e. the stack may deploy.
 */
function rulesPass(template: Record<string, any>, parameters: Record<string, string>): boolean {
  const evaluate = (expression: any): any => {
    if (typeof expression === 'string') return expression;
    if (Array.isArray(expression)) return expression.map(evaluate);
    if ('Ref' in expression) return parameters[expression.Ref];
    if ('Fn::Equals' in expression) {
      const [left, right] = expression['Fn::Equals'].map(evaluate);
      return left === right;
    }
    if ('Fn::Not' in expression) return !evaluate(expression['Fn::Not'][0]);
    if ('Fn::Contains' in expression) {
      const [list, value] = expression['Fn::Contains'].map(evaluate);
      return (list as string[]).includes(value);
    }
    throw new Error(`rule function not modelled: ${JSON.stringify(expression)}`);
  };
  return Object.values(template.Rules ?? {}).every((rule: any) =>
    rule.Assertions.every((assertion: any) => evaluate(assertion.Assert) === true),
  );
}

/** Every combination of values the template's parameters allow (their AllowedValues, else their default). */
function allowedParameterValues(template: Record<string, any>): Array<Record<string, string>> {
  return Object.entries(template.Parameters ?? {}).reduce<Array<Record<string, string>>>(
    (combinations, [name, parameter]: [string, any]) =>
      combinations.flatMap((combination) =>
        ((parameter.AllowedValues as string[] | undefined) ?? [String(parameter.Default)]).map((value) => ({
          ...combination,
          [name]: value,
        })),
      ),
    [{}],
  );
}

describe('placeholder settings are refused before a deploy', () => {
  it.each(['staging', 'prod'] as const)(
    'synthesizing %s as shipped is refused, naming each placeholder setting and lib/environments.ts',
    (name) => {
      const selection = selectStacks({ env: name });

      expect(selection.ok).toBe(false);
      const error = selection.ok ? '' : selection.error;
      expect(error).toContain(`edit ENVIRONMENTS.${name} in lib/environments.ts`);
      expect(error).toContain(
        `onboardingNumber = "${ENVIRONMENTS[name].onboardingNumber}": Ofcom's drama range 020 7946 0xxx`,
      );
      expect(error).toContain(`onCall.emails[0] = "${ENVIRONMENTS[name].onCall.emails[0]}": example.com is reserved`);
    },
  );

  it('an environment with its own settings synthesizes, and its stack is deployable', () => {
    const selection = selectStacks({ env: 'prod' }, OWN);

    expect(selection).toMatchObject({ ok: true, example: false });
    const template = templateOf(selection);
    expect(template.Rules ?? {}).not.toHaveProperty('RefuseExampleConfiguration');
    expect(allowedParameterValues(template).every((values) => rulesPass(template, values))).toBe(true);
  });

  it('one placeholder left in one environment refuses -c env=all', () => {
    const selection = selectStacks(
      { env: 'all' },
      { ...OWN, staging: { ...OWN.staging, onCall: { emails: ['me@acme-plumbing.co.uk', 'pager@example.org'] } } },
    );

    expect(selection.ok ? '' : selection.error).toMatch(
      /Environment "staging"[\s\S]*onCall\.emails\[1\] = "pager@example\.org"/,
    );
  });

  it.each([
    ['+441134960000', "Ofcom's drama range 01xx 496 0xxx"],
    ['+441614960999', "Ofcom's drama range 01xx 496 0xxx"],
    ['+441914980123', "Ofcom's drama range 0191 498 0xxx"],
    ['+442079460000', "Ofcom's drama range 020 7946 0xxx"],
    ['+442079460999', "Ofcom's drama range 020 7946 0xxx"],
    ['+442896496000', 'Northern Ireland'],
    ['+442890180999', 'Northern Ireland'],
    ['+442920180500', "Ofcom's drama range 029 2018 0xxx"],
    ['+441632960000', "Ofcom's drama range 01632 960xxx"],
    ['+447700900000', "Ofcom's drama range 07700 900xxx"],
    ['+447700900999', "Ofcom's drama range 07700 900xxx"],
    ['+448081570123', "Ofcom's drama range 0808 157 0xxx"],
    ['+449098790123', "Ofcom's drama range 0909 879 0xxx"],
    ['+443069990123', "Ofcom's drama range 03069 990xxx"],
    ['+12025550100', "NANPA's fictitious range 555-01xx"],
    ['+14165550199', "NANPA's fictitious range 555-01xx"],
    ['+61255501234', "ACMA's fiction range"],
    ['+61370101234', "ACMA's fiction range"],
  ])('the onboarding number %s is refused as %s', (number, why) => {
    expect(placeholderSettings({ ...OWN.prod, onboardingNumber: number })).toEqual([
      { setting: 'onboardingNumber', value: number, why: expect.stringContaining(why) },
    ]);
  });

  it.each(['+442079461000', '+447700901000', '+447911123456', '+12025550200', '+12025551234', '+61255511234'])(
    'the real number %s next to a fiction range is accepted',
    (number) => {
      expect(placeholderSettings({ ...OWN.prod, onboardingNumber: number })).toEqual([]);
    },
  );

  it.each([
    'oncall@example.com',
    'oncall@EXAMPLE.NET',
    'oncall@ops.example.org',
    'oncall@pager.test',
    'oncall@nowhere.invalid',
    'oncall@localhost',
  ])('the on-call address %s is refused', (email) => {
    expect(placeholderSettings({ ...OWN.prod, onCall: { emails: [email] } })).toEqual([
      { setting: 'onCall.emails[0]', value: email, why: expect.stringContaining('reserved for documentation') },
    ]);
  });

  it.each(['oncall@example.co.uk', 'oncall@myexample.com', 'oncall@acme-plumbing.co.uk'])(
    'the real address %s is accepted',
    (email) => {
      expect(placeholderSettings({ ...OWN.prod, onCall: { emails: [email] } })).toEqual([]);
    },
  );

  it('documentation accounts, ARNs, domains and SIDs are refused, each by its setting', () => {
    const found = placeholderSettings({
      ...OWN.prod,
      account: '123456789012',
      onCall: { emails: [], topicArn: 'arn:aws:sns:eu-west-2:111122223333:pager' },
      customDomain: {
        domainName: 'hooks.example.com',
        certificateArn: 'arn:aws:acm:eu-west-2:123456789012:certificate/abc',
        hostedZone: { id: 'Z1', name: 'example.com' },
      },
      twilioMessagingServiceSid: 'MGXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    });

    expect(found.map(({ setting }) => setting)).toEqual([
      'account',
      'onCall.topicArn',
      'customDomain.domainName',
      'customDomain.certificateArn',
      'customDomain.hostedZone.name',
      'twilioMessagingServiceSid',
    ]);
  });

  it('an unknown -c config is refused rather than ignored', () => {
    expect(selectStacks({ env: 'prod', config: 'exmaple' }, OWN)).toEqual({
      ok: false,
      error: 'unknown -c config=exmaple: the only one is -c config=example',
    });
  });
});

describe('the example configuration synthesizes but CloudFormation refuses to deploy it', () => {
  const selection = selectStacks({ env: 'all', config: 'example' });

  it('-c config=example synthesizes every environment with the shipped placeholders', () => {
    expect(selection.ok && selection.environments.map((settings) => settings.name)).toEqual(['staging', 'prod']);
  });

  it('no parameter value lets an example stack past its CloudFormation rule, which says why and what to edit', () => {
    const template = templateOf(selection);

    expect(template.Rules.RefuseExampleConfiguration.Assertions[0].AssertDescription).toBe(EXAMPLE_REFUSAL);
    expect(EXAMPLE_REFUSAL).toContain('lib/environments.ts');
    const combinations = allowedParameterValues(template);
    expect(combinations.length).toBeGreaterThan(0);
    expect(combinations.filter((values) => rulesPass(template, values))).toEqual([]);
  });
});

describe('the CDK app (bin/app.ts, as cdk synth and cdk deploy run it)', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  /** Runs the app as the CDK CLI does: context in CDK_CONTEXT_JSON, output directory in CDK_OUTDIR. */
  function runApp(context: Record<string, unknown>) {
    return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context }),
      },
    });
  }

  it('exits with the placeholder settings named when asked for prod as shipped', () => {
    const run = runApp({ env: 'prod' });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'Environment "prod" still holds placeholder settings; edit ENVIRONMENTS.prod in lib/environments.ts',
    );
  });

  it('writes the example stack, carrying the refusal, with -c config=example', () => {
    const run = runApp({ env: 'prod', config: 'example' });

    expect(run.status).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'MissedCallTextBack-prod.template.json'), 'utf8'));
    expect(template.Rules.RefuseExampleConfiguration.Assertions[0].AssertDescription).toBe(EXAMPLE_REFUSAL);
  }, 120_000);
});
