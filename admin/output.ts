import type { AdminIo } from './admin-io';
import { printable, printableOnOneLine } from './terminal-text';

/** Writes one line to stdout, with escape sequences and control characters removed (it may hold data). */
export function println(io: AdminIo, line = ''): void {
  io.stdout(`${printable(line)}\n`);
}

/** Machine-readable output for `--json`: one JSON document on stdout, nothing else there (JSON escapes every control character). */
export function printJson(io: AdminIo, value: unknown): void {
  // JSON.stringify leaves DEL, C1 controls and bidi overrides raw; as \uXXXX escapes they mean the same to a parser.
  const json = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  io.stdout(`${json}\n`);
}

/** Progress of long operations goes to stderr, so stdout stays clean for pipes and `--json`. */
export function progress(io: AdminIo, line: string): void {
  io.stderr(`${printable(line)}\n`);
}

/** A plain aligned table with a header row. */
export function printTable(io: AdminIo, headers: string[], rawRows: string[][]): void {
  // Cleaned before measuring, so a hidden sequence cannot skew the columns either.
  const rows = rawRows.map((row) => row.map(printableOnOneLine));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  println(io, line(headers));
  for (const row of rows) println(io, line(row));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A text of several lines under a label: its second and later lines indented by `indent`, so it reads as one block. */
export function indented(text: string, indent: string): string {
  return printable(text).replace(/\n/g, `\n${indent}`);
}
