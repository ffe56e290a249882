import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { localServiceOptionsFromEnvironment } from '../../local/environment-options';
import { startLocalService, type LocalService } from '../../local/local-service';
import { runCli } from './support/admin-target';
import {
  capturePattern,
  quotePattern,
  walkthroughBlocks,
  type Step,
  type WalkthroughBlock,
} from './support/walkthrough-script';

const DOC = readFileSync(resolve(__dirname, '../../docs/admin.md'), 'utf8');
const { blocks, unannounced } = walkthroughBlocks(DOC);

/** Doc commands the test cannot run, with why. Anything else it cannot run fails the test. */
const NOT_RUN: Record<string, string> = {};

/**
 * `npm start`'s owner-texts job runs every 5 s; here every 200 ms, so a `sleep 6` of the docs is a short wait: the
 * command after it is tried again until what its comment quotes appears, for at most the seconds the docs sleep.
 */
const OWNER_TEXTS_INTERVAL_MS = 200;
const RETRY_MS = 100;

interface Run {
  service: LocalService;
  port: string;
  env: Record<string, string>;
  /** `<name>` values taken from the output, in the order shown. */
  values: Map<string, string[]>;
  notRun: string[];
}

/** What `[VAR=value …] npm start` starts, on free ports, its timers as there except the owner-texts job's. */
async function startAsDocumented(startEnv: Record<string, string>): Promise<Run> {
  const options = await localServiceOptionsFromEnvironment(startEnv);
  const service = await startLocalService({
    ...options,
    port: 0,
    dynamodbPort: 0,
    logWriter: () => undefined,
    ownerTextsIntervalMs: OWNER_TEXTS_INTERVAL_MS,
  });
  const port = new URL(service.url).port;
  return {
    service,
    port,
    env: { PORT: port, DYNAMODB_PORT: String(service.dynamo.port) },
    values: new Map(),
    notRun: [],
  };
}

/** What curl prints: the response body, through `| grep -o 'pattern'` when the docs pipe it there. */
async function curl(words: string[]): Promise<string> {
  const [request = [], grep] = splitPipe(words);
  let method = 'GET';
  let body: string | undefined;
  let url = '';
  for (let index = 1; index < request.length; index++) {
    const word = request[index] ?? '';
    if (word === '-X') method = request[++index] ?? method;
    else if (word === '-d') {
      body = request[++index];
      if (method === 'GET') method = 'POST';
    } else if (!word.startsWith('-')) url = word.startsWith('http') ? word : `http://${word}`;
  }
  // curl -d sends a form's content type; the local routes read the body as JSON all the same.
  const headers = body === undefined ? undefined : { 'content-type': 'application/x-www-form-urlencoded' };
  const text = await (await fetch(url, { method, ...(body === undefined ? {} : { body, headers }) })).text();
  if (!grep) return text;
  if (grep.join(' ') !== `grep -o ${grep[2]}`) throw new Error(`unsupported pipe: ${grep.join(' ')}`);
  return (text.match(new RegExp(grep[2] ?? '', 'g')) ?? []).join('\n');
}

function splitPipe(words: string[]): string[][] {
  const at = words.indexOf('|');
  return at < 0 ? [words] : [words.slice(0, at), words.slice(at + 1)];
}

/** `<fingerprint listed first>`: the first value a comment's `<fingerprint>` took. */
function withValues(words: string[], run: Run): string[] {
  return words.map((word) => {
    const name = /^<(\w+)[^>]*>$/.exec(word)?.[1];
    if (!name) return word.replaceAll('localhost:3000', `localhost:${run.port}`);
    const value = run.values.get(name)?.[0];
    if (value === undefined) throw new Error(`no value for ${word}: no comment above showed <${name}>`);
    return value;
  });
}

/** Runs one line of the docs; returns what went wrong, if anything. */
async function runStep(step: Step, run: Run): Promise<string[]> {
  const problems: string[] = [];
  const quotes = step.quotes.map((quote) => quotePattern(quote.replaceAll('localhost:3000', `localhost:${run.port}`)));
  const sentBefore = run.service.outbox().length;
  let output = '';
  let retryUntil = 0;
  for (const raw of step.commands) {
    const words = withValues(raw, run);
    if (words[0] === 'npm' && words.slice(1, 4).join(' ') === 'run admin --') {
      const result = await runCli(words.slice(4), run.env);
      output += result.stdout + result.stderr;
      if (result.code !== step.expectedCode)
        problems.push(`exit ${result.code}, expected ${step.expectedCode}:\n${result.stdout}${result.stderr}`);
    } else if (words[0] === 'curl') {
      // A person types for longer than the redelivery and CRM consumers' 500 ms tick: run it now.
      await run.service.drainQueues();
      let text = await curl(words);
      while (Date.now() < retryUntil && !quotes.every((quote) => quote.test(text))) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        text = await curl(words);
      }
      output += text;
    } else if (words[0] === 'sleep' && words.length === 2) {
      retryUntil = Date.now() + Number(words[1]) * 1000;
    } else {
      const line = raw.join(' ');
      if (!NOT_RUN[line]) problems.push(`cannot run: ${line}`);
      run.notRun.push(line);
    }
  }
  const sent = run.service
    .outbox()
    .slice(sentBefore)
    .map((sms) => sms.body);
  const seen = [output, ...sent].join('\n');
  for (const [index, quote] of quotes.entries())
    if (!quote.test(seen)) problems.push(`"${step.quotes[index]}" not in:\n${seen}`);
  if (step.capture) problems.push(...capture(step.capture, seen, run));
  return problems;
}

function capture(comment: string, seen: string, run: Run): string[] {
  const { names, pattern } = capturePattern(comment);
  const match = pattern.exec(seen);
  if (!match) return [`no line like "${comment}" in:\n${seen}`];
  for (const [index, name] of names.entries())
    run.values.set(name, [...(run.values.get(name) ?? []), match[index + 1] ?? '']);
  return [];
}

/** The first block's end: the demo data consistent, c1 answering on its new number. */
async function firstBlockEnd(run: Run): Promise<void> {
  expect(JSON.parse((await runCli(['audit', '--json'], run.env)).stdout)).toMatchObject({ breaches: [] });
  expect(JSON.parse((await runCli(['numbers', 'show', '+447476955131', '--json'], run.env)).stdout)).toMatchObject({
    owner: { id: 'c1' },
    resolution: { role: 'OPERATIONAL', source: 'pool' },
  });
  expect(run.service.outbox().some((sms) => sms.from === '+447476955131' && sms.body.includes('Ace Plumbing'))).toBe(
    true,
  );
}

describe('the docs/admin.md walkthrough blocks, each run line by line on a fresh local service', () => {
  it('finds every ```sh block of the walkthrough and the CRM sections, each announced', () => {
    expect(unannounced).toEqual([]);
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(blocks.filter((block) => Object.keys(block.startEnv).length > 0)).toHaveLength(1);
  });

  it.each(blocks.map((block) => [`line ${block.docLine}: ${block.title}`, block] as const))(
    '%s',
    async (_name, block: WalkthroughBlock) => {
      // The prose above the block says how to start, and the announcing comment says the same.
      for (const [name, value] of Object.entries(block.startEnv))
        expect(DOC).toContain(`\`${name}=${value} npm start\``);
      const run = await startAsDocumented(block.startEnv);
      try {
        const outcomes: string[] = [];
        for (const step of block.steps) {
          const problems = await runStep(step, run);
          outcomes.push(`${problems.length ? 'FAIL' : 'ok  '} ${step.line}${problems.map((p) => `\n  ${p}`).join('')}`);
        }
        expect(outcomes.filter((outcome) => outcome.startsWith('FAIL'))).toEqual([]);
        if (block.steps.some((step) => step.line.startsWith('npm run admin -- numbers wire --dry-run')))
          await firstBlockEnd(run);
      } finally {
        await run.service.close();
      }
    },
  );

  it('lists no doc command it cannot run that is not in the doc any more', () => {
    const commands = blocks.flatMap((block) => block.steps.flatMap((step) => step.commands.map((c) => c.join(' '))));
    expect(Object.keys(NOT_RUN).filter((line) => !commands.includes(line))).toEqual([]);
  });

  it('the first block still has its seven refusals (exit 1)', () => {
    const first = blocks[0]?.steps ?? [];
    expect(first.filter((step) => step.expectedCode === 1)).toHaveLength(7);
  });
});
