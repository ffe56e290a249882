import type { MetricName } from '../metric-names';

/** Counts what happened during one webhook or job run; flushed once per invocation. */
export interface Metrics {
  count(name: MetricName, value?: number): void;
}

/** Metrics for one invocation, written out on flush. */
export interface FlushableMetrics extends Metrics {
  flush(): Promise<void>;
}
