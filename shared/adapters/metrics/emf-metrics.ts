import { MetricsLogger, Unit } from 'aws-embedded-metrics';
import type { IEnvironment } from 'aws-embedded-metrics/lib/environment/IEnvironment';
import type { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';
import type { Metrics } from '../../ports/metrics';
import type { MetricName } from '../../metric-names';

/** Where EMF lines go: stdout in Lambda (CloudWatch Logs extracts the metrics), a collector locally. */
export type EmfWriter = (line: string) => void;

export const stdoutWriter: EmfWriter = (line) => process.stdout.write(`${line}\n`);

/** Metrics for one invocation, written as CloudWatch Embedded Metric Format on flush. */
export interface FlushableMetrics extends Metrics {
  flush(): Promise<void>;
}

/**
 * One EMF document per invocation, in `namespace`, with no dimensions: alarms match on namespace and
 * name alone, and phone numbers can never become a dimension.
 * The environment is given explicitly so the library never probes EC2 metadata.
 */
export function createEmfMetrics(namespace: string, write: EmfWriter = stdoutWriter): FlushableMetrics {
  const serializer = new LogSerializer();
  const environment: IEnvironment = {
    probe: async () => true,
    getName: () => namespace,
    getType: () => 'AWS::Lambda::Function',
    getLogGroupName: () => namespace,
    configureContext: () => undefined,
    getSink: () => ({
      name: 'EmfWriterSink',
      accept: async (context: MetricsContext) => {
        for (const line of serializer.serialize(context)) write(line);
      },
    }),
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
