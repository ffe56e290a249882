import type { Context } from 'aws-lambda';
import type { MetricName } from '../../shared/metric-names';
import type { InvocationFields, LogFields, Logger } from '../../shared/ports/logger';
import type { FlushableMetrics } from '../../shared/ports/metrics';

/** Our Logger port, keeping what it was told: for tests that assert what a part logged, without parsing stdout. */
export class RecordingLogger implements Logger {
  readonly entries: Array<{ level: 'info' | 'warn' | 'error' | 'critical'; message: string; fields?: LogFields }> = [];
  info(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'error', message, fields });
  }
  critical(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'critical', message, fields });
  }
  setInvocation?(_fields: InvocationFields): void {}
  clearInvocation?(): void {}
  messages(level?: string): string[] {
    return this.entries.filter((entry) => level === undefined || entry.level === level).map((entry) => entry.message);
  }
}

/** Our Metrics port, summing what was counted and remembering flushes; `failFlush` makes every flush throw. */
export class RecordingMetrics implements FlushableMetrics {
  readonly counts: Partial<Record<MetricName, number>> = {};
  flushes = 0;
  constructor(private readonly options: { failFlush?: Error } = {}) {}
  count(name: MetricName, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
  async flush(): Promise<void> {
    this.flushes += 1;
    if (this.options.failFlush) throw this.options.failFlush;
  }
}

/** A Lambda context, as API Gateway's invocation gives one. */
export function lambdaContext(awsRequestId = 'req-1'): Context {
  return {
    awsRequestId,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:test',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 15000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
