import { MetricsLogger, Unit } from 'aws-embedded-metrics';
import type { FlushableMetrics } from '../../ports/metrics';
import type { MetricName } from '../../metric-names';

/** Where EMF lines go: stdout in Lambda (CloudWatch Logs extracts the metrics), a collector locally. */
export type EmfWriter = (line: string) => void;

export const stdoutWriter: EmfWriter = (line) => process.stdout.write(`${line}\n`);

// The library's environment, sink and context types, read off its public MetricsLogger constructor (no deep imports).
type EmfEnvironment = Awaited<ReturnType<ConstructorParameters<typeof MetricsLogger>[0]>>;
type EmfSink = ReturnType<EmfEnvironment['getSink']>;
type EmfContext = Parameters<EmfSink['accept']>[0];

/**
 * One EMF document per invocation, in `namespace`, with no dimensions: alarms match on namespace and
 * name alone, and phone numbers can never become a dimension.
 * The environment is given explicitly so the library never probes EC2 metadata.
 */
export function createEmfMetrics(namespace: string, write: EmfWriter = stdoutWriter): FlushableMetrics {
  const environment: EmfEnvironment = {
    probe: async () => true,
    getName: () => namespace,
    getType: () => 'AWS::Lambda::Function',
    getLogGroupName: () => namespace,
    configureContext: () => undefined,
    getSink: () => ({ name: 'EmfWriterSink', accept: async (context) => {
      for (const line of toEmfLines(context)) write(line);
    } }),
  };
  const logger = new MetricsLogger(async () => environment);
  logger.setNamespace(namespace);
  logger.setDimensions({}, false);
  let pending = false;

  return {
    count(name: MetricName, value = 1) {
      logger.putMetric(name, value, Unit.Count);
      pending = true;
    },
    async flush() {
      if (!pending) return;
      pending = false;
      await logger.flush();
    },
  };
}

/** EMF's limit on values per metric in one document; more go to the next line. */
const MAX_VALUES_PER_METRIC = 100;

/**
 * The library's public API has no serializer that writes anywhere but the console, so our sink writes the
 * documents itself. The metric catalogue is far under EMF's 100 metrics per document; values past 100 per
 * metric go to further lines, as the library does.
 */
function toEmfLines(context: EmfContext): string[] {
  const dimensions = context.getDimensions();
  const mostValues = Math.max(1, ...Array.from(context.metrics.values(), (metric) => metric.values.length));
  const lines: string[] = [];
  for (let start = 0; start < mostValues; start += MAX_VALUES_PER_METRIC) {
    const values: Record<string, number | number[]> = {};
    const metrics: Array<{ Name: string; Unit: string }> = [];
    for (const [name, metric] of context.metrics) {
      const batch = metric.values.slice(start, start + MAX_VALUES_PER_METRIC);
      if (batch.length === 0) continue;
      values[name] = batch.length === 1 ? (batch[0] as number) : batch;
      metrics.push({ Name: name, Unit: metric.unit });
    }
    lines.push(
      JSON.stringify({
        ...Object.assign({}, ...dimensions),
        ...context.properties,
        ...values,
        _aws: { ...context.meta, CloudWatchMetrics: [{ Dimensions: dimensions.map((set) => Object.keys(set)), Metrics: metrics, Namespace: context.namespace }] },
      }),
    );
  }
  return lines;
}
