import type { AdminIo } from './admin-io';

/** Writes one line to stdout. */
export function println(io: AdminIo, line = ''): void {
  io.stdout(`${line}\n`);
}

/** Machine-readable output for `--json`: one JSON document on stdout, nothing else there. */
export function printJson(io: AdminIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress of long operations goes to stderr, so stdout stays clean for pipes and `--json`. */
export function progress(io: AdminIo, line: string): void {
  io.stderr(`${line}\n`);
}

/** A plain aligned table with a header row. */
export function printTable(io: AdminIo, headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  println(io, line(headers));
  for (const row of rows) println(io, line(row));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
