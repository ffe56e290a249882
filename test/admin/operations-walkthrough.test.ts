import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SEED_FILE } from '../../admin/admin-target';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { loadSeedFile } from '../../local/seed';
import { runCli } from './support/admin-target';

interface Step {
  argv: string[];
  expectedCode: number;
  line: string;
}

/** The `npm run admin` lines of the walkthrough block in docs/admin.md, with the exit code each one's comment promises. */
function walkthroughSteps(): Step[] {
  const doc = readFileSync(resolve(__dirname, '../../docs/admin.md'), 'utf8');
  const block = /<!-- walkthrough:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/admin.md has no walkthrough block');
  const steps: Step[] = [];
  for (const raw of block.split('\n')) {
    const [command = '', comment = ''] = splitComment(raw);
    if (command.trim().startsWith('npm run admin -- ')) {
      steps.push({
        argv: shellWords(command.trim().slice('npm run admin -- '.length)),
        expectedCode: 0,
        line: raw.trim(),
      });
    }
    const exit = /exit (\d)/.exec(comment);
    const last = steps.at(-1);
    if (exit && last) last.expectedCode = Number(exit[1]);
  }
  return steps;
}

function splitComment(line: string): [string, string] {
  const index = line.indexOf('#');
  return index < 0 ? [line, ''] : [line.slice(0, index), line.slice(index)];
}

/** Enough of the shell's word splitting for the docs: spaces, and double quotes around a word. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

describe('the docs/admin.md operations walkthrough, run top to bottom on the local service', () => {
  let service: LocalService;
  let env: Record<string, string>;
  beforeAll(async () => {
    // What `npm start` starts, with its defaults, on free ports.
    service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: LOCAL_WEBHOOK_DEFAULTS.authToken,
      accountSid: LOCAL_WEBHOOK_DEFAULTS.accountSid,
      seed: await loadSeedFile(DEFAULT_SEED_FILE),
      logWriter: () => undefined,
    });
    env = { PORT: new URL(service.url).port, DYNAMODB_PORT: String(service.dynamo.port) };
  });
  afterAll(async () => service.close());

  it('every command of the walkthrough exits as documented and leaves the demo data consistent', async () => {
    const steps = walkthroughSteps();
    expect(steps.length).toBeGreaterThan(15);

    const outcomes: string[] = [];
    for (const step of steps) {
      const result = await runCli(step.argv, env);
      outcomes.push(
        `${result.code === step.expectedCode ? 'ok  ' : 'FAIL'} exit ${result.code} (expected ${step.expectedCode}): ${step.line}${result.code === step.expectedCode ? '' : `\n${result.stdout}${result.stderr}`}`,
      );
    }

    expect(outcomes.filter((outcome) => outcome.startsWith('FAIL'))).toEqual([]);
    expect(steps.filter((step) => step.expectedCode === 1)).toHaveLength(7);
    // And it leaves the demo data consistent, with c1 answering on its new number.
    expect(JSON.parse((await runCli(['audit', '--json'], env)).stdout)).toMatchObject({ breaches: [] });
    expect(JSON.parse((await runCli(['numbers', 'show', '+447476955131', '--json'], env)).stdout)).toMatchObject({
      owner: { id: 'c1' },
      resolution: { role: 'OPERATIONAL', source: 'pool' },
    });
    expect(service.outbox().some((sms) => sms.from === '+447476955131' && sms.body.includes('Ace Plumbing'))).toBe(
      true,
    );
  });
});
