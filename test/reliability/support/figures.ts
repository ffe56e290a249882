/** Prints a suite's figures as an aligned table, straight to stdout so jest's console decoration stays out of it. */
export function printFigures(title: string, figures: Record<string, number | string>): void {
  const width = Math.max(...Object.keys(figures).map((name) => name.length));
  const lines = Object.entries(figures).map(
    ([name, value]) => `  ${name.padEnd(width)}  ${typeof value === 'number' ? formatNumber(value) : value}`,
  );
  process.stdout.write(`\n${title}\n${lines.join('\n')}\n`);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
