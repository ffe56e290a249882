import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

/** Enough of the shell's word splitting for the docs: spaces, and double quotes around a word. */
export function shellWords(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

export interface DocFile {
  /** Repository-relative path, e.g. `docs/operations.md`. */
  path: string;
  text: string;
}

/** README.md and every Markdown file under docs/. */
export function readDocs(): DocFile[] {
  const files = ['README.md', ...markdownUnder(join(ROOT, 'docs')).map((file) => relative(ROOT, file))];
  return files.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
}

export function readDoc(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function markdownUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? markdownUnder(join(folder, entry.name))
        : entry.name.endsWith('.md')
          ? [join(folder, entry.name)]
          : [],
    )
    .sort();
}

/** Text without fenced code blocks, for rules about prose and tables. */
export function withoutCodeBlocks(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '');
}

/** The rows of the first Markdown table after `heading` (a line that starts with it), as trimmed cells. */
export function tableAfter(text: string, heading: string, path: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`${path} has no heading "${heading}"`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) {
      inTable = true;
      rows.push(splitRow(line));
    } else if (inTable) break;
    else if (line.startsWith('#')) break;
  }
  if (rows.length < 2) throw new Error(`${path} has no table under "${heading}"`);
  // Drop the header and the |---| separator.
  return rows.slice(2);
}

/** Cells of one table row; `\|` inside a cell stays in the cell. */
export function splitRow(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Every `code span` in a piece of Markdown. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
}
