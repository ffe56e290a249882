/** Sums every metric found in EMF lines: the local stand-in for CloudWatch's metric extraction. */
export class MetricCounters {
  private readonly counters: Record<string, number> = {};

  readonly write = (line: string): void => {
    for (const [name, value] of Object.entries(metricsInEmfLine(line))) {
      this.counters[name] = (this.counters[name] ?? 0) + value;
    }
  };

  snapshot(): Record<string, number> {
    return { ...this.counters };
  }
}

/** The metric values of one EMF document, by name. */
export function metricsInEmfLine(line: string): Record<string, number> {
  const document = JSON.parse(line) as {
    _aws?: { CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name: string }> }> };
  } & Record<string, unknown>;
  const result: Record<string, number> = {};
  for (const directive of document._aws?.CloudWatchMetrics ?? []) {
    for (const { Name } of directive.Metrics ?? []) {
      const value = document[Name];
      const values = Array.isArray(value) ? value : [value];
      result[Name] = values.reduce<number>((sum, item) => sum + (typeof item === 'number' ? item : 0), 0);
    }
  }
  return result;
}
