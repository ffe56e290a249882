import type { FlushableMetrics } from '../../ports/metrics';
import type { MetricName } from '../../metric-names';

/** Where EMF lines go: stdout in Lambda (CloudWatch Logs extracts the metrics), a collector locally. */
export type EmfWriter = (line: string) => void;

export const stdoutWriter: EmfWriter = (line) => process.stdout.write(`${line}\n`);

/** EMF's limits per document: 100 metrics in one directive, 100 values per metric; more go to further lines. */
const MAX_METRICS_PER_DOCUMENT = 100;
const MAX_VALUES_PER_METRIC = 100;

/**
 * One EMF document per invocation, in `namespace`, with no dimensions: alarms match on namespace and
 * name alone, and phone numbers can never become a dimension.
 *
 * Our own writer of the Embedded Metric Format (we only count, and flush once per invocation), in place of
 * aws-embedded-metrics, which cost every bundle ~37 KB. It writes the documents that library wrote through our sink:
 * `{ <metric>: value | values, _aws: { Timestamp, CloudWatchMetrics: [{ Dimensions: [[]], Metrics: [{ Name, Unit }], Namespace }] } }`,
 * each value kept (a metric counted twice has the values [1, 1], as `putMetric` kept them), Timestamp the time the
 * invocation's metrics were created, and a count that is not a finite number (or is beyond ±2^53-1) refused as the library refused it.
 */
export function createEmfMetrics(namespace: string, write: EmfWriter = stdoutWriter): FlushableMetrics {
  let timestamp = Date.now();
  let values = new Map<string, number[]>();

  return {
    count(name: MetricName, value = 1) {
      // As aws-embedded-metrics refuses them (test/adapters/emf-oracle.test.ts): CloudWatch cannot hold them exactly.
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
        throw new RangeError(
          `metric ${name} must be counted with a finite number within ±2^53-1, got ${String(value)}`,
        );
      const existing = values.get(name);
      if (existing) existing.push(value);
      else values.set(name, [value]);
    },
    async flush() {
      if (values.size === 0) return;
      const counted = values;
      const countedAt = timestamp;
      // As the library did: the next invocation's metrics start afresh (a new context, a new timestamp).
      values = new Map();
      timestamp = Date.now();
      for (const line of emfLines(namespace, countedAt, counted)) write(line);
    },
  };
}

function emfLines(namespace: string, timestamp: number, counted: ReadonlyMap<string, readonly number[]>): string[] {
  const entries = [...counted];
  const lines: string[] = [];
  for (let first = 0; first < entries.length; first += MAX_METRICS_PER_DOCUMENT) {
    const group = entries.slice(first, first + MAX_METRICS_PER_DOCUMENT);
    const mostValues = Math.max(...group.map(([, metricValues]) => metricValues.length));
    for (let start = 0; start < mostValues; start += MAX_VALUES_PER_METRIC) {
      const document: Record<string, unknown> = {};
      const metrics: Array<{ Name: string; Unit: 'Count' }> = [];
      for (const [name, metricValues] of group) {
        const batch = metricValues.slice(start, start + MAX_VALUES_PER_METRIC);
        if (batch.length === 0) continue;
        document[name] = batch.length === 1 ? batch[0] : batch;
        metrics.push({ Name: name, Unit: 'Count' });
      }
      document._aws = {
        Timestamp: timestamp,
        CloudWatchMetrics: [{ Dimensions: [[]], Metrics: metrics, Namespace: namespace }],
      };
      lines.push(JSON.stringify(document));
    }
  }
  return lines;
}
