import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type CliCommand,
  cliCommands,
  routesInCode,
  settingsReadByCode,
  sourceText,
  stackFacts,
  type StackFacts,
} from './support/code-facts';
import { codeSpans, readDoc, readDocs, ROOT, shellWords, tableAfter, withoutCodeBlocks } from './support/doc-text';

/**
 * The docs say what the code does, and these tests hold them to it. Each failure names the file, the place in it and
 * what to add or remove, so a change in the code and its docs land together.
 */

const CONFIGURATION = 'docs/configuration.md';
const OPERATIONS = 'docs/operations.md';
const ARCHITECTURE = 'docs/architecture.md';
const ADMIN = 'docs/admin.md';

const difference = <T>(a: Iterable<T>, b: Set<T>) => [...a].filter((item) => !b.has(item));

describe('the README', () => {
  it('stays at most 250 lines', () => {
    const lines = readDoc('README.md').split('\n').length;
    expect(lines <= 250 ? 'ok' : `README.md has ${lines} lines: move detail into docs/ until it has 250 or fewer`).toBe(
      'ok',
    );
  });
});

describe('every setting the code reads is in docs/configuration.md, and nothing else is', () => {
  const readers = settingsReadByCode();
  const rows = tableAfter(readDoc(CONFIGURATION), '## Every setting', CONFIGURATION);
  const documented = new Map(rows.map((cells) => [codeSpans(cells[0] ?? '')[0] ?? cells[0] ?? '', cells]));

  it('the code reads the settings this test looks for', () => {
    expect([...readers.keys()]).toEqual(expect.arrayContaining(['DIRECTORY_TABLE', 'PORT', 'DYNAMODB_PORT']));
  });

  it('every variable read in shared/config.ts, shared/function-settings.ts, local/ or admin/ has a row', () => {
    const missing = difference(readers.keys(), new Set(documented.keys())).map(
      (name) =>
        `${CONFIGURATION}: add a row for \`${name}\` to the table under "## Every setting" (read by ${[...(readers.get(name) ?? [])].join(', ')})`,
    );
    expect(missing).toEqual([]);
  });

  it('every row names a variable the code reads', () => {
    const extra = difference(documented.keys(), new Set(readers.keys())).map(
      (name) => `${CONFIGURATION}: remove the row \`${name}\` under "## Every setting": no code reads it any more`,
    );
    expect(extra).toEqual([]);
  });

  it('each row says every place that reads its variable', () => {
    const wrong = [...readers].flatMap(([name, where]) => {
      const cell = documented.get(name)?.[1];
      if (cell === undefined) return [];
      return [...where]
        .filter((place) => !cell.includes(place))
        .map((place) => `${CONFIGURATION}: the row \`${name}\` should say it is read by ${place} ("read by" column)`);
    });
    expect(wrong).toEqual([]);
  });

  it('no document names a SCREAMING_CASE setting or constant that is not in the code', () => {
    const source = sourceText();
    const settings = new Set(readers.keys());
    const unknown = readDocs().flatMap(({ path, text }) =>
      [...new Set(codeSpans(text).filter((span) => /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(span)))]
        .filter((name) => !settings.has(name) && !source.includes(name))
        .map(
          (name) =>
            `${path}: \`${name}\` is neither a setting the code reads nor a name in the source: fix or remove it`,
        ),
    );
    expect(unknown).toEqual([]);
  });
});

describe('every alarm of the synthesized stack has its runbook entry in docs/operations.md, and nothing else does', () => {
  let stack: StackFacts;
  beforeAll(() => {
    stack = stackFacts();
  }, 120_000);
  const operations = readDoc(OPERATIONS);
  // A one-word `## ` heading is an alarm's runbook entry; other sections have titles of several words.
  const headings = withoutCodeBlocks(operations)
    .split('\n')
    .flatMap((line) => /^## ([A-Za-z0-9]+)\s*$/.exec(line)?.[1] ?? []);
  const summary = tableAfter(operations, '# Operations', OPERATIONS).map((cells) => cells[0] ?? '');

  it('each alarm has a "## <AlarmName>" entry, named exactly as in the template', () => {
    const missing = difference(stack.alarms, new Set(headings)).map(
      (name) =>
        `${OPERATIONS}: add "## ${name}" (what it means, first checks, what to do) for the alarm MissedCallTextBack-<env>-${name}`,
    );
    expect(missing).toEqual([]);
  });

  it('each entry is an alarm the stack creates, once', () => {
    const alarms = new Set(stack.alarms);
    const extra = headings
      .filter((name, index) => !alarms.has(name) || headings.indexOf(name) !== index)
      .map((name) =>
        alarms.has(name)
          ? `${OPERATIONS}: "## ${name}" appears twice: keep one`
          : `${OPERATIONS}: remove or rename "## ${name}": the synthesized template has no alarm of that name`,
      );
    expect(extra).toEqual([]);
  });

  it('the summary table lists exactly the alarms', () => {
    const listed = new Set(summary);
    expect([
      ...difference(stack.alarms, listed).map((name) => `${OPERATIONS}: add ${name} to the summary table at the top`),
      ...difference(listed, new Set(stack.alarms)).map(
        (name) => `${OPERATIONS}: remove ${name} from the summary table at the top: no such alarm`,
      ),
    ]).toEqual([]);
  });

  it("the counts of alarms and Lambda functions the docs give are the template's", () => {
    const claims = [
      ...readDocs().flatMap(({ path, text }) =>
        [...text.matchAll(/\b(\d+) (?:CloudWatch )?alarms\b/g)].map((match) => ({
          path,
          said: Number(match[1]),
          actual: stack.alarmCount,
          what: 'alarms',
        })),
      ),
      ...readDocs().flatMap(({ path, text }) =>
        [...text.matchAll(/\b(\d+) Lambda functions\b/g)].map((match) => ({
          path,
          said: Number(match[1]),
          actual: stack.lambdaCount,
          what: 'Lambda functions',
        })),
      ),
    ];
    expect(claims.map((claim) => claim.what)).toEqual(expect.arrayContaining(['alarms', 'Lambda functions']));
    const wrong = claims
      .filter((claim) => claim.said !== claim.actual)
      .map((claim) => `${claim.path}: says ${claim.said} ${claim.what}; the synthesized stack has ${claim.actual}`);
    expect(wrong).toEqual([]);
  });
});

describe('every route is in the routes table of docs/architecture.md, and nothing else is', () => {
  const code = routesInCode();
  const rows = tableAfter(readDoc(ARCHITECTURE), '## Routes', ARCHITECTURE).map((cells) => ({
    path: (codeSpans(cells[0] ?? '')[0] ?? '').split(' ').at(-1) ?? '',
    answeredBy: cells[1] ?? '',
  }));
  const documents = (route: { path: string }) => (row: { path: string }) =>
    route.path.endsWith('/') && route.path.length > 1 ? row.path.startsWith(route.path) : row.path === route.path;

  it('each route in shared/webhook-routes.ts and local/ has a row, with the function that answers it', () => {
    const problems = code.flatMap((route) => {
      const row = rows.find(documents(route));
      if (!row) return [`${ARCHITECTURE}: add a row for \`${route.path}\` (${route.answeredBy}) under "## Routes"`];
      return row.answeredBy === route.answeredBy
        ? []
        : [`${ARCHITECTURE}: the row \`${row.path}\` says "${row.answeredBy}"; it is answered by ${route.answeredBy}`];
    });
    expect(problems).toEqual([]);
  });

  it('each row is a route the code serves', () => {
    const extra = rows
      .filter((row) => !code.some((route) => documents(route)(row)))
      .map((row) => `${ARCHITECTURE}: remove the row \`${row.path}\` under "## Routes": no code serves it`);
    expect(extra).toEqual([]);
  });
});

describe("the admin command table in docs/admin.md is the CLI's own --help", () => {
  let cli: { commands: CliCommand[]; globalOptions: string[] };
  beforeAll(async () => {
    cli = await cliCommands();
  });
  const rows = tableAfter(readDoc(ADMIN), '## Commands', ADMIN).map((cells) =>
    parseUsage(codeSpans(cells[0] ?? '')[0] ?? ''),
  );

  it('the CLI has the commands this test walks', () => {
    expect(cli.commands.map((command) => command.path)).toEqual(
      expect.arrayContaining(['numbers list', 'audit', 'simulate call']),
    );
  });

  it('every command has a row, and every row is a command', () => {
    const paths = new Set(cli.commands.map((command) => command.path));
    const documented = new Set(rows.map((row) => row.path));
    expect([
      ...difference(paths, documented).map(
        (path) => `${ADMIN}: add a row for \`${path}\` to the table under "## Commands" (it is in the CLI's --help)`,
      ),
      ...difference(documented, paths).map(
        (path) => `${ADMIN}: remove the row \`${path}\` under "## Commands": the CLI's --help has no such command`,
      ),
    ]).toEqual([]);
  });

  it("each row shows the command's arguments and options, no more and no fewer", () => {
    const problems = cli.commands.flatMap((command) => {
      const row = rows.find((candidate) => candidate.path === command.path);
      if (!row) return [];
      const allowed = new Set([...command.options, ...cli.globalOptions]);
      return [
        ...difference(command.options, new Set(row.options)).map(
          (option) =>
            `${ADMIN}: the row \`${command.path}\` lacks ${option}; its help says:\n${command.optionHelp.filter((line) => line.includes(option)).join('\n')}`,
        ),
        ...row.options
          .filter((option) => !allowed.has(option))
          .map((option) => `${ADMIN}: the row \`${command.path}\` shows ${option}, which the command does not take`),
        ...(row.args.join(' ') === command.args.map((arg) => arg.replace(/^\[(.*)\]$/, '<$1>')).join(' ')
          ? []
          : [
              `${ADMIN}: the row \`${command.path}\` shows the arguments "${row.args.join(' ')}"; its usage is "${command.args.join(' ')}"`,
            ]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('every `npm run admin --` command the README and docs show exists, with options it takes', () => {
    const byPath = new Map(cli.commands.map((command) => [command.path, command]));
    const problems = readDocs().flatMap(({ path, text }) =>
      [...text.matchAll(/npm run admin -- ([^`\n#|]+)/g)].flatMap((match) => {
        const words = shellWords((match[1] ?? '').trim());
        if (words[0]?.startsWith('<') || words.length === 0) return [];
        const command =
          byPath.get(words.slice(0, 2).join(' ')) ?? (words[0] ? byPath.get(words[0]) : undefined) ?? undefined;
        if (!command)
          return [`${path}: \`npm run admin -- ${match[1]?.trim()}\` names a command the CLI does not have`];
        const allowed = new Set([...command.options, ...cli.globalOptions, '--help']);
        return words
          .filter((word) => /^--[a-z]/.test(word) && !allowed.has(word))
          .map(
            (option) =>
              `${path}: \`npm run admin -- ${match[1]?.trim()}\` uses ${option}, which ${command.path} does not take`,
          );
      }),
    );
    expect(problems).toEqual([]);
  });
});

describe('links between the documents', () => {
  it('every relative link points at a file that exists and a heading in it', () => {
    const docs = readDocs();
    const broken = docs.flatMap(({ path, text }) =>
      [...withoutCodeBlocks(text).matchAll(/\]\(([^)\s]+)\)/g)].flatMap((match) => {
        const target = match[1] ?? '';
        if (/^[a-z]+:/.test(target)) return [];
        const [file = '', anchor] = target.split('#');
        const targetPath = file === '' ? path : join(dirname(path), file);
        if (!existsSync(join(ROOT, targetPath))) return [`${path}: the link (${target}) points at a missing file`];
        if (anchor === undefined || !targetPath.endsWith('.md')) return [];
        const anchors = headingAnchors(readDoc(targetPath));
        return anchors.has(anchor)
          ? []
          : [`${path}: the link (${target}) has no heading "#${anchor}" in ${targetPath}`];
      }),
    );
    expect(broken).toEqual([]);
  });
});

/** A command table cell: `numbers set-role <phone> <role> [--client <id>] [--dry-run]`. */
function parseUsage(usage: string): { path: string; args: string[]; options: string[] } {
  const tokens = usage.replace(/[[\]]/g, ' ').split(/\s+/).filter(Boolean);
  const path: string[] = [];
  const args: string[] = [];
  const options: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (token.startsWith('--')) {
      options.push(token);
      if (tokens[index + 1]?.startsWith('<')) index += 1;
    } else if (token.startsWith('<')) args.push(token);
    else if (args.length === 0 && options.length === 0) path.push(token);
  }
  return { path: path.join(' '), args, options };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  return new Set(
    withoutCodeBlocks(markdown)
      .split('\n')
      .flatMap((line) => /^#{1,6} (.*)$/.exec(line)?.[1] ?? [])
      .map((title) =>
        title
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      ),
  );
}
