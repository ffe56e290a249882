import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalClock, localRoutes, TWILIO_API_PREFIX } from '../../../local/local-routes';
import { ROUTES_BY_FUNCTION } from '../../../shared/webhook-routes';
import { runCli } from '../../admin/support/admin-target';
import { synthesize } from '../../infra/synthesize';
import { ROOT } from './doc-text';

/** Repository-relative paths of the TypeScript files under `folder`. */
function typescriptUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return typescriptUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/**
 * Where a setting is read, as the settings table's "read by" column names it: `shared/config.ts` (the functions, and
 * `npm start` through the same readers), `npm start` (anything under local/) or `admin CLI` (anything under admin/).
 */
export type SettingReaders = Map<string, Set<string>>;

const SCREAMING = '[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*';
/** Reads of an environment variable: env.X, env?.X, env['X'], process.env.X, and helpers called as (env, 'X'). */
const ENV_READS = [
  new RegExp(`\\benv\\??\\.(${SCREAMING})\\b(?!\\s*(?:\\?\\?=|=(?!=)))`, 'g'),
  new RegExp(`\\benv\\??\\.?\\[['"](${SCREAMING})['"]\\](?!\\s*(?:\\?\\?=|=(?!=)))`, 'g'),
  new RegExp(`\\(\\s*env\\s*,\\s*['"](${SCREAMING})['"]`, 'g'),
];
/** The settings modules name their variables as string literals (section readers, the variables per section). */
const SETTINGS_LITERAL = /['"]([A-Z][A-Z0-9]*_[A-Z0-9_]+)['"]/g;
const SETTINGS_MODULES = ['shared/config.ts', 'shared/function-settings.ts'];

/**
 * Every environment variable the code reads: the deployed functions' settings (shared/config.ts and
 * shared/function-settings.ts), the local service (local/), and the admin CLI (admin/), which finds the local
 * service through the same variables. Writes (`process.env.X ??= ...`) are not reads.
 */
export function settingsReadByCode(): SettingReaders {
  const readers: SettingReaders = new Map();
  const add = (name: string, where: string) => {
    if (!readers.has(name)) readers.set(name, new Set());
    readers.get(name)?.add(where);
  };
  for (const path of SETTINGS_MODULES) {
    for (const match of read(path).matchAll(SETTINGS_LITERAL)) add(match[1] ?? '', 'shared/config.ts');
  }
  for (const path of [...typescriptUnder('local'), ...typescriptUnder('admin'), ...SETTINGS_MODULES]) {
    const where = path.startsWith('admin/')
      ? 'admin CLI'
      : path.startsWith('shared/')
        ? 'shared/config.ts'
        : 'npm start';
    const text = read(path);
    for (const pattern of ENV_READS) for (const match of text.matchAll(pattern)) add(match[1] ?? '', where);
    // env[NAME] with `const NAME = 'X'` in the same file.
    for (const match of text.matchAll(/\benv\??\.?\[([A-Za-z_][A-Za-z0-9_]*)\]/g)) {
      const name = new RegExp(`\\b${match[1]}\\s*=\\s*['"](${SCREAMING})['"]`).exec(text)?.[1];
      if (name) add(name, where);
    }
  }
  return readers;
}

/** All source the docs may quote a SCREAMING_CASE name from (states, error codes, rollout names, metric constants). */
export function sourceText(): string {
  return ['shared', 'functions', 'lib', 'local', 'admin', 'bin', 'bench']
    .flatMap((folder) => typescriptUnder(folder))
    .map(read)
    .join('\n');
}

export interface StackFacts {
  /** Alarm names without the `MissedCallTextBack-<env>-` prefix, from both environments' templates. */
  alarms: string[];
  alarmCount: number;
  lambdaCount: number;
}

/** Synthesizes both environments as test/infra does and reads the alarms and functions of the templates. */
export function stackFacts(): StackFacts {
  const alarms = new Set<string>();
  const counts = { alarms: new Set<number>(), lambdas: new Set<number>() };
  for (const environment of ['staging', 'prod'] as const) {
    const stack = synthesize(environment);
    const names = Object.values(stack.resources('AWS::CloudWatch::Alarm')).map((alarm) =>
      String(alarm.Properties.AlarmName).replace(new RegExp(`^MissedCallTextBack-${environment}-`), ''),
    );
    for (const name of names) alarms.add(name);
    counts.alarms.add(names.length);
    counts.lambdas.add(Object.keys(stack.resources('AWS::Lambda::Function')).length);
  }
  if (counts.alarms.size !== 1 || counts.lambdas.size !== 1)
    throw new Error(
      `staging and prod differ: alarms ${[...counts.alarms].join('/')}, functions ${[...counts.lambdas].join('/')}; the docs give one count`,
    );
  return {
    alarms: [...alarms].sort(),
    alarmCount: [...counts.alarms][0] ?? 0,
    lambdaCount: [...counts.lambdas][0] ?? 0,
  };
}

export interface CodeRoute {
  /** A path, or a prefix ending in `/` that a whole API lives under. */
  path: string;
  /** The function that answers a Twilio route; `local only` for the local service's own routes. */
  answeredBy: string;
}

/** The Twilio webhook routes by function (shared/webhook-routes.ts) and the local service's own routes (local/). */
export function routesInCode(): CodeRoute[] {
  const routes: CodeRoute[] = Object.entries(ROUTES_BY_FUNCTION).flatMap(([fn, paths]) =>
    paths.map((path) => ({ path, answeredBy: fn })),
  );
  // The local service's own routes are a table keyed `METHOD path`; Twilio's REST API is served under its prefix.
  const local = localRoutes({
    outbox: () => [],
    calls: () => [],
    counters: () => ({}),
    queues: () => ({}),
    replay: () => 0,
    clock: new LocalClock(),
    crm: { receive: () => undefined, list: () => undefined },
  });
  for (const key of Object.keys(local)) routes.push({ path: key.split(' ')[1] ?? '', answeredBy: 'local only' });
  if (read('local/local-service.ts').includes('url.pathname.startsWith(TWILIO_API_PREFIX)'))
    routes.push({ path: TWILIO_API_PREFIX, answeredBy: 'local only' });
  return routes;
}

export interface CliCommand {
  /** Words from the program, e.g. `numbers set-role`. */
  path: string;
  /** Positional arguments in order, e.g. `<phone>`, `<role>`. */
  args: string[];
  /** The command's own long options, e.g. `--client`. */
  options: string[];
  /** The option lines of its help, to quote in a failure. */
  optionHelp: string[];
}

function section(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && /^\S/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Walks the CLI through its own `--help`, from the program down to every command that has no subcommands. */
export async function cliCommands(): Promise<{ commands: CliCommand[]; globalOptions: string[] }> {
  const help = async (words: string[]) => {
    const result = await runCli([...words, '--help']);
    if (result.code !== 0) throw new Error(`mct-admin ${words.join(' ')} --help exited ${result.code}`);
    return result.stdout;
  };
  const longOptions = (lines: string[]) =>
    lines.flatMap((line) => /^ {2}(?:-\w, )?(--[a-z][a-z-]*)/.exec(line)?.[1] ?? []).filter((o) => o !== '--help');
  const top = await help([]);
  const globalOptions = longOptions(section(top, 'Options'));
  const commands: CliCommand[] = [];
  const walk = async (words: string[], text: string) => {
    const subcommands = section(text, 'Commands')
      .flatMap((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1] ?? [])
      .filter((name) => name !== 'help');
    if (words.length > 0 && subcommands.length === 0) {
      const usage = /^Usage: mct-admin (.*)$/m.exec(text)?.[1] ?? '';
      const optionLines = section(text, 'Options').filter((line) => !/--help\b/.test(line));
      commands.push({
        path: words.join(' '),
        args:
          usage.match(/<[^>]+>|\[[a-z][^\]]*\]/g)?.filter((arg) => arg !== '[options]' && arg !== '[command]') ?? [],
        options: longOptions(optionLines),
        optionHelp: optionLines,
      });
      return;
    }
    for (const name of subcommands) await walk([...words, name], await help([...words, name]));
  };
  await walk([], top);
  return { commands, globalOptions };
}
