/**
 * Reads the shell blocks of docs/admin.md that a person runs against `npm start`, as a test runs them: each block is
 * announced by `<!-- walkthrough: [VAR=value …] npm start …-->`, each line is split into the shell's simple commands,
 * and each comment under a line says what to expect (an exit code, quoted text, a value to take for a placeholder).
 */

/** The sections whose every ```sh block is a walkthrough block. */
export const WALKTHROUGH_SECTIONS = ['Walkthrough on the local service', 'Into the CRM they already use'];

export interface WalkthroughBlock {
  /** Where it starts in the doc (1-based), and the prose just above it, for the test's names. */
  docLine: number;
  title: string;
  /** The environment `npm start` is started with (`SIGNUP_APPROVAL_REQUIRED=true npm start`). */
  startEnv: Record<string, string>;
  steps: Step[];
}

/** One line of a block with the comment lines under it. */
export interface Step {
  line: string;
  /** The shell's simple commands, a `for` loop unrolled, `"$var"` replaced by each value. */
  commands: string[][];
  /** What the comment promises: `exit 1: …` (else 0), quoted texts, and `<name>` values shown in the output. */
  expectedCode: number;
  quotes: string[];
  capture?: string;
}

/** Every ```sh block of the walkthrough sections, and the start lines of those that lack the announcing comment. */
export function walkthroughBlocks(doc: string): { blocks: WalkthroughBlock[]; unannounced: number[] } {
  const lines = doc.split('\n');
  const blocks: WalkthroughBlock[] = [];
  const unannounced: number[] = [];
  let inSection = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.startsWith('## ')) inSection = WALKTHROUGH_SECTIONS.includes(line.slice(3).trim());
    if (!inSection || line !== '```sh') continue;
    const end = lines.indexOf('```', index + 1);
    const announce = /^<!-- walkthrough: ((?:[A-Z_]+=\S+ )*)npm start\b/.exec(lines[index - 1] ?? '');
    if (!announce) unannounced.push(index + 1);
    else
      blocks.push({
        docLine: index + 1,
        title: lastProse(lines.slice(0, index)),
        startEnv: Object.fromEntries((announce[1] ?? '').trim().split(/\s+/).filter(Boolean).map(assignment)),
        steps: blockSteps(lines.slice(index + 1, end)),
      });
    index = end;
  }
  return { blocks, unannounced };
}

function assignment(word: string): [string, string] {
  const at = word.indexOf('=');
  return [word.slice(0, at), word.slice(at + 1)];
}

/** The start of the paragraph above the block, for the test's names. */
function lastProse(before: string[]): string {
  const lines = before.filter((line) => !line.startsWith('<!--'));
  while (lines.at(-1)?.trim() === '') lines.pop();
  const start = lines.map((line) => line.trim()).lastIndexOf('');
  const prose = lines.slice(start + 1).join(' ');
  return prose.length > 70 ? `${prose.slice(0, 70)}…` : prose;
}

function blockSteps(lines: string[]): Step[] {
  const steps: { line: string; command: string; comment: string }[] = [];
  for (const raw of lines) {
    const [command, comment] = splitComment(raw);
    const last = steps.at(-1);
    if (command.trim() === '') {
      if (last && comment) last.comment = `${last.comment} ${comment}`.trim();
      continue;
    }
    steps.push({ line: raw.trim(), command: command.trim(), comment });
  }
  return steps.map(({ line, command, comment }) => {
    const capture = /<\w+>/.test(comment) && !comment.includes('"') ? comment : undefined;
    return {
      line,
      commands: simpleCommands(command),
      expectedCode: Number(/\bexit (\d)\b/.exec(comment)?.[1] ?? 0),
      quotes: quotedTexts(comment),
      ...(capture ? { capture } : {}),
    };
  });
}

/** The shell's comment: a `#` that starts a word outside quotes. Returns [command, comment text without the #]. */
export function splitComment(line: string): [string, string] {
  let quote = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return [line.slice(0, index), line.slice(index + 1).trim()];
    }
  }
  return [line, ''];
}

/**
 * Enough of the shell's word splitting for the docs: spaces, single or double quotes around a word, and the docs'
 * `<placeholder words>` kept as one word.
 */
export function shellWords(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(<[^>]*>)|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '',
  );
}

/** `a; b` and `for x in A "B C"; do … "$x" …; done` as a list of simple commands, each a pipeline's words. */
function simpleCommands(command: string): string[][] {
  const loop = /^for (\w+) in (.*?); do (.*); done$/.exec(command);
  if (loop) {
    const [, name = '', values = '', body = ''] = loop;
    return shellWords(values).flatMap((value) =>
      simpleCommands(body.replaceAll(`"$${name}"`, `'${value}'`).replaceAll(`$${name}`, value)),
    );
  }
  return splitOutsideQuotes(command, ';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(shellWords);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === separator) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  return [...parts, text.slice(start)];
}

/**
 * The texts a comment quotes: `"…"` opened at a word's start (not `voice="…"`) and closed before a space or
 * punctuation; and a literal that starts the comment or follows a `label:` with `<`, `{` or `[` (TwiML, JSON), up to
 * a `; `. `…` and `...` in them stand for anything.
 */
export function quotedTexts(comment: string): string[] {
  const quotes = [...comment.matchAll(/(?:^|[\s(])"(.+?)"(?=$|[\s;,.)])/g)].map((match) => match[1] ?? '');
  const literal = /^(?:[\w' ]+: )?([<{[].*?)(?:; |$)/.exec(comment)?.[1];
  return literal ? [literal, ...quotes.filter((quote) => !literal.includes(quote))] : quotes;
}

/**
 * A quoted text as a pattern: `…`/`...` (and the spaces around it) match anything; any run of spaces matches any
 * (the docs wrap a quote over comment lines, a text has its own line breaks); everything else matches itself.
 */
export function quotePattern(quote: string): RegExp {
  const pieces = quote
    .trim()
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return new RegExp(pieces.join('[\\s\\S]*?'));
}

/**
 * A comment that shows a line of output with `<name>` in it (`+447912555666  Nice Co  …  <fingerprint>`) as a pattern
 * whose groups take the names' values: spaces match any spaces, `…` anything on the line.
 */
export function capturePattern(comment: string): { names: string[]; pattern: RegExp } {
  const names: string[] = [];
  const source = comment
    .split(/(<\w+>|…|\s+)/)
    .map((piece) => {
      const name = /^<(\w+)>$/.exec(piece)?.[1];
      if (name) {
        names.push(name);
        return '(\\S+)';
      }
      if (piece === '…') return '.*?';
      if (/^\s+$/.test(piece)) return '\\s+';
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { names, pattern: new RegExp(source) };
}
