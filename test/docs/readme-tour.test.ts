import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SEED_FILE } from '../../admin/admin-target';
import { LOCAL_WEBHOOK_DEFAULTS } from '../../admin/commands/simulate-command';
import { startLocalService, type LocalService } from '../../local/local-service';
import { loadSeedFile } from '../../local/seed';
import { runCli } from '../admin/support/admin-target';
import { shellWords } from './support/doc-text';

const README = resolve(__dirname, '../../README.md');

interface TourStep {
  /** The command line as the README shows it. */
  line: string;
  argv: string[];
  /** The output lines the README shows after it; `…` stands for anything, possibly nothing. */
  expected: string[];
}

/** The tour's commands, each with the output block that follows it, from the marker to the next `## ` heading. */
function tourSteps(): TourStep[] {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('<!-- tour:');
  if (start < 0) throw new Error('README.md has no "<!-- tour:" marker before its five-minute tour');
  const end = readme.indexOf('\n## ', start);
  const tour = readme.slice(start, end < 0 ? undefined : end);
  const steps: TourStep[] = [];
  for (const block of tour.matchAll(/```(sh|text)\n([\s\S]*?)```/g)) {
    const [, kind, body = ''] = block;
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    if (kind === 'sh') {
      for (const line of lines) {
        if (!line.startsWith('npm run admin -- ')) continue;
        steps.push({ line, argv: shellWords(line.slice('npm run admin -- '.length)), expected: [] });
      }
    } else {
      const last = steps.at(-1);
      if (!last) throw new Error('README.md tour: an output block comes before any command');
      last.expected.push(...lines);
    }
  }
  return steps;
}

/** `…` matches anything; everything else literally, the whole line. */
function linePattern(expected: string): RegExp {
  const literal = expected.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`);
}

/**
 * The expected lines that do not appear in the output in the README's order. A `warning:` line is looked for on
 * stderr, which a terminal shows interleaved with stdout.
 */
function missingLines(expected: string[], stdout: string, stderr: string): string[] {
  const actual = stdout.split('\n');
  const warnings = stderr.split('\n');
  const missing: string[] = [];
  let from = 0;
  for (const line of expected) {
    const pattern = linePattern(line);
    if (line.startsWith('warning: ')) {
      if (!warnings.some((candidate) => pattern.test(candidate))) missing.push(line);
      continue;
    }
    const index = actual.findIndex((candidate, position) => position >= from && pattern.test(candidate));
    if (index < 0) missing.push(line);
    else from = index + 1;
  }
  return missing;
}

describe("the README's five-minute tour, run in order on a fresh local service", () => {
  let service: LocalService;
  let env: Record<string, string>;
  beforeAll(async () => {
    // What `npm start` starts on its defaults, on free ports (the tour says how to move them).
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

  it('covers a missed call, a customer text, an owner reply, a sign-up and ring mode', () => {
    const commands = tourSteps().map((step) => step.argv.slice(0, 2).join(' '));
    expect(commands).toEqual(
      expect.arrayContaining(['simulate call', 'simulate text', 'clients set-call-mode', 'jobs list']),
    );
    expect(tourSteps().every((step) => step.expected.length > 0)).toBe(true);
  });

  it('every command exits 0 and prints every line the README shows after it, in that order', async () => {
    const problems: string[] = [];
    for (const step of tourSteps()) {
      const result = await runCli(step.argv, env);
      const output = `${result.stderr}${result.stdout}`;
      const missing = missingLines(step.expected, result.stdout, result.stderr);
      if (result.code !== 0 || missing.length > 0) {
        problems.push(
          [
            `README.md tour: \`${step.line}\` exited ${result.code}${missing.length ? ' and did not print, in order:' : ''}`,
            ...missing.map((line) => `    ${line}`),
            '  It printed (paste the real lines into README.md, shortened with … only):',
            ...output.split('\n').map((line) => `    ${line}`),
          ].join('\n'),
        );
      }
    }
    expect(problems).toEqual([]);
  });
});
