import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEmfMetrics } from '../../shared/adapters/metrics/emf-metrics';
import { MetricName } from '../../shared/metric-names';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [metric: string]: unknown;
}

describe('EMF metrics', () => {
  it('writes one EMF document per flush, in the namespace, with no dimensions', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));

    metrics.count(MetricName.MISSED_CALL);
    metrics.count(MetricName.TEXT_BACK_SENT, 2);
    await metrics.flush();

    expect(lines).toHaveLength(1);
    const document = JSON.parse(lines[0] as string) as EmfDocument;
    expect(document._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'MissedCallTextBack/test',
        Dimensions: [[]],
        Metrics: [
          { Name: MetricName.MISSED_CALL, Unit: 'Count' },
          { Name: MetricName.TEXT_BACK_SENT, Unit: 'Count' },
        ],
      },
    ]);
    expect(document[MetricName.MISSED_CALL]).toBe(1);
    expect(document[MetricName.TEXT_BACK_SENT]).toBe(2);
    expect(typeof document._aws.Timestamp).toBe('number');
  });

  it('writes nothing when nothing was counted', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));

    await metrics.flush();

    expect(lines).toEqual([]);
  });

  it('keeps each document within EMF’s 100 values per metric', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));

    for (let index = 0; index < 150; index += 1) metrics.count(MetricName.MISSED_CALL);
    metrics.count(MetricName.TEXT_BACK_SENT);
    await metrics.flush();

    const documents = lines.map((line) => JSON.parse(line) as EmfDocument);
    expect(documents.map((document) => (document[MetricName.MISSED_CALL] as number[]).length)).toEqual([100, 50]);
    expect(documents.map((document) => document._aws.CloudWatchMetrics[0]?.Metrics.map(({ Name }) => Name))).toEqual([
      [MetricName.MISSED_CALL, MetricName.TEXT_BACK_SENT],
      [MetricName.MISSED_CALL],
    ]);
  });

  it('keeps each document within EMF’s 100 metrics per document', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));
    const names = Array.from({ length: 130 }, (_, index) => `test.metric_${index}` as MetricName);

    for (const name of names) metrics.count(name);
    await metrics.flush();

    const documents = lines.map((line) => JSON.parse(line) as EmfDocument);
    expect(documents.map((document) => document._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([100, 30]);
    expect(
      documents.flatMap((document) => document._aws.CloudWatchMetrics[0]?.Metrics.map(({ Name }) => document[Name])),
    ).toEqual(names.map(() => 1));
  });

  it('keeps each count of the same metric as its own value', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));

    metrics.count(MetricName.MISSED_CALL);
    metrics.count(MetricName.MISSED_CALL, 3);
    await metrics.flush();

    expect((JSON.parse(lines[0] as string) as EmfDocument)[MetricName.MISSED_CALL]).toEqual([1, 3]);
  });

  it('starts afresh after a flush: the next document has only what was counted since', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));

    metrics.count(MetricName.MISSED_CALL);
    await metrics.flush();
    metrics.count(MetricName.TEXT_BACK_SENT);
    await metrics.flush();
    await metrics.flush();

    const documents = lines.map((line) => JSON.parse(line) as EmfDocument);
    expect(documents.map((document) => Object.keys(document).filter((key) => key !== '_aws'))).toEqual([
      [MetricName.MISSED_CALL],
      [MetricName.TEXT_BACK_SENT],
    ]);
  });

  it('stamps a document with the time its invocation’s metrics were created, in epoch milliseconds', async () => {
    const lines: string[] = [];
    const createdAt = Date.UTC(2026, 10, 30, 6, 0, 0);
    const now = jest.spyOn(Date, 'now').mockReturnValue(createdAt);
    const metrics = createEmfMetrics('MissedCallTextBack/test', (line) => lines.push(line));
    now.mockReturnValue(createdAt + 5_000);

    metrics.count(MetricName.MISSED_CALL);
    await metrics.flush();
    now.mockRestore();

    expect((JSON.parse(lines[0] as string) as EmfDocument)._aws.Timestamp).toBe(createdAt);
  });

  it('refuses a count that is not a finite number, so no document can carry one', () => {
    const metrics = createEmfMetrics('MissedCallTextBack/test', () => undefined);

    expect(() => metrics.count(MetricName.MISSED_CALL, Number.NaN)).toThrow(RangeError);
    expect(() => metrics.count(MetricName.MISSED_CALL, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is written by our own EMF writer: no runtime code loads an EMF library', () => {
    const emfLibrary = /from ['"]aws-embedded-metrics|require\(['"]aws-embedded-metrics/;
    const offenders = ['shared', 'functions', 'local', 'admin'].flatMap((dir) =>
      sourceFiles(join(__dirname, '..', '..', dir)).filter((file) => emfLibrary.test(readFileSync(file, 'utf8'))),
    );

    expect(offenders).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
