import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEmfMetrics } from '../../shared/adapters/metrics/emf-metrics';
import { MetricName } from '../../shared/metric-names';

interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
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

  it('uses aws-embedded-metrics only through its public entry point', () => {
    const deepImport = /from ['"]aws-embedded-metrics\/|require\(['"]aws-embedded-metrics\//;
    const offenders = ['shared', 'functions', 'local', 'bench', 'admin', 'test'].flatMap((dir) =>
      sourceFiles(join(__dirname, '..', '..', dir)).filter((file) => deepImport.test(readFileSync(file, 'utf8'))),
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
