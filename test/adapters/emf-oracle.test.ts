import { Socket } from 'node:net';
// Deep imports: the package's index starts environment detection when loaded (an HTTP probe of EC2's metadata).
import Configuration from 'aws-embedded-metrics/lib/config/Configuration';
import { LocalEnvironment } from 'aws-embedded-metrics/lib/environment/LocalEnvironment';
import { MetricsLogger } from 'aws-embedded-metrics/lib/logger/MetricsLogger';
import { Unit } from 'aws-embedded-metrics/lib/logger/Unit';
import fc from 'fast-check';
import { createEmfMetrics } from '../../shared/adapters/metrics/emf-metrics';
import { MetricName } from '../../shared/metric-names';

/**
 * aws-embedded-metrics, the library the design names, is the oracle for our own EMF writer (which stays: it saves every
 * bundle ~37 KB), as twilio's builder is for our TwiML. Both get the same counts; our documents must say what the
 * library's say. The library runs in its 'Local' environment, given rather than detected (no network), writing through
 * its LocalSink (console.log, captured here), with the service's one dimension set: none.
 */

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

interface Count {
  name: string;
  value: number;
}

const CREATED_AT = Date.UTC(2026, 11, 6, 6, 0, 0);

/** What our writer writes for these counts. */
async function ours(namespace: string, counts: readonly Count[]): Promise<EmfDocument[]> {
  const lines: string[] = [];
  const metrics = createEmfMetrics(namespace, (line) => lines.push(line));
  for (const { name, value } of counts) metrics.count(name as MetricName, value);
  await metrics.flush();
  return lines.map((line) => JSON.parse(line) as EmfDocument);
}

/** The library's logger in its Local environment, whose sink is its LocalSink (ConsoleSink). */
function libraryLogger(): MetricsLogger {
  const local = new LocalEnvironment();
  return new MetricsLogger(async () => local);
}

/** What aws-embedded-metrics writes for the same counts, as the service used it: no dimensions, unit Count. */
async function theLibrarys(
  namespace: string,
  counts: readonly Count[],
  service: { name: string; type: string },
): Promise<EmfDocument[]> {
  Configuration.serviceName = service.name;
  Configuration.serviceType = service.type;
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => {
    lines.push(line);
  });
  try {
    const metrics = libraryLogger();
    metrics.setNamespace(namespace);
    metrics.setDimensions({});
    for (const { name, value } of counts) metrics.putMetric(name, value, Unit.Count);
    await metrics.flush();
  } finally {
    log.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as EmfDocument);
}

/** Every value written for each metric, in the order the documents carry them. */
function valuesByMetric(documents: readonly EmfDocument[]): Record<string, number[]> {
  const values: Record<string, number[]> = {};
  for (const document of documents) {
    for (const { Name } of document._aws.CloudWatchMetrics[0]!.Metrics) {
      const written = document[Name] as number | number[];
      values[Name] = [...(values[Name] ?? []), ...(Array.isArray(written) ? written : [written])];
    }
  }
  return values;
}

/** EMF's limits and shape, which every document of either writer must keep. */
function expectValidDocuments(documents: readonly EmfDocument[], namespace: string): void {
  for (const document of documents) {
    const [directive, ...others] = document._aws.CloudWatchMetrics;
    expect(others).toEqual([]);
    expect(directive!.Namespace).toBe(namespace);
    expect(directive!.Dimensions).toEqual([[]]);
    expect(directive!.Metrics.length).toBeLessThanOrEqual(100);
    for (const { Name, Unit: unit } of directive!.Metrics) {
      expect(unit).toBe('Count');
      const written = document[Name];
      expect(Array.isArray(written) ? written.length : 1).toBeLessThanOrEqual(100);
    }
    // Nothing but the metrics and the directive: no dimension or property keys.
    expect(Object.keys(document).sort()).toEqual([...directive!.Metrics.map(({ Name }) => Name), '_aws'].sort());
  }
}

const metricName = fc.oneof(
  fc.constantFrom(...Object.values(MetricName)),
  fc.stringMatching(/^[a-z][a-z0-9_.]{0,40}$/),
);
const namespace = fc.oneof(
  fc.constantFrom('MissedCallTextBack/prod', 'MissedCallTextBack/staging'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._#:/-]{0,60}$/),
);
const service = fc.record({
  name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
  type: fc.stringMatching(/^[A-Za-z][A-Za-z0-9:-]{0,20}$/),
});
const countValue = fc.oneof(
  fc.constant(1),
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, noNaN: true }),
);

/** Counts over a few names, some counted far past 100 times; or many names, past 100 metrics per document. */
const manyValues = fc
  .array(fc.record({ name: metricName, times: fc.integer({ min: 1, max: 260 }), value: countValue }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((metrics) =>
    metrics.flatMap(({ name, times, value }) => Array.from({ length: times }, () => ({ name, value }))),
  );
const manyMetrics = fc
  .uniqueArray(metricName, { minLength: 1, maxLength: 260 })
  .map((names) => names.map((name) => ({ name, value: 1 })));
const counts = fc.oneof(
  manyValues,
  manyMetrics,
  fc.array(fc.record({ name: metricName, value: countValue }), { minLength: 1, maxLength: 400 }),
);

describe('our EMF writer, held to aws-embedded-metrics', () => {
  const previous = { ...Configuration };
  const connections: unknown[] = [];
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(CREATED_AT);
    jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
      connections.push(args[0]);
      return this;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => {
    Object.assign(Configuration, previous);
    // The oracle ran offline: no agent, no instance metadata.
    expect(connections).toEqual([]);
  });

  it('writes every value of every metric the library writes, in the same order, and no other', async () => {
    await fc.assert(
      fc.asyncProperty(namespace, counts, service, async (ns, counted, svc) => {
        expect(valuesByMetric(await ours(ns, counted))).toEqual(valuesByMetric(await theLibrarys(ns, counted, svc)));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the namespace, no dimensions, the unit and EMF’s limits of 100 metrics and 100 values, as the library does', async () => {
    await fc.assert(
      fc.asyncProperty(namespace, counts, service, async (ns, counted, svc) => {
        expectValidDocuments(await theLibrarys(ns, counted, svc), ns);
        expectValidDocuments(await ours(ns, counted), ns);
      }),
      { numRuns: 60 },
    );
  });

  it('writes as many documents as the library when no metric is counted more than 100 times', async () => {
    const fewValues = fc
      .array(fc.record({ name: metricName, value: countValue }), { minLength: 1, maxLength: 400 })
      .filter((counted) => counted.every(({ name }) => counted.filter((other) => other.name === name).length <= 100));
    await fc.assert(
      fc.asyncProperty(namespace, fewValues, service, async (ns, counted, svc) => {
        expect((await ours(ns, counted)).length).toBe((await theLibrarys(ns, counted, svc)).length);
      }),
      { numRuns: 60 },
    );
  });

  it('stamps its documents with the same time as the library: when the invocation’s metrics were created', async () => {
    await fc.assert(
      fc.asyncProperty(namespace, counts, service, async (ns, counted, svc) => {
        const stamps = (documents: EmfDocument[]) => documents.map(({ _aws }) => _aws.Timestamp);
        const library = await theLibrarys(ns, counted, svc);
        expect(new Set(stamps(await ours(ns, counted)))).toEqual(new Set(stamps(library)));
        expect(new Set(stamps(library))).toEqual(new Set([CREATED_AT]));
      }),
      { numRuns: 20 },
    );
  });

  it('refuses exactly the counts the library refuses: not finite, or beyond ±(2^53 - 1)', () => {
    const refuses = (count: () => unknown) => {
      try {
        count();
        return false;
      } catch {
        return true;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.constantFrom(
            Number.MAX_SAFE_INTEGER,
            Number.MAX_SAFE_INTEGER + 2,
            -Number.MAX_SAFE_INTEGER,
            Number.MIN_SAFE_INTEGER - 2,
          ),
        ),
        (value) => {
          const ourWriter = createEmfMetrics('MissedCallTextBack/test', () => undefined);
          expect(refuses(() => ourWriter.count(MetricName.MISSED_CALL, value))).toBe(
            refuses(() => libraryLogger().putMetric(MetricName.MISSED_CALL, value, Unit.Count)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes nothing when nothing was counted, where the library writes a document with no metrics', async () => {
    const library = await theLibrarys('MissedCallTextBack/test', [], { name: 'svc', type: 'type' });

    expect(await ours('MissedCallTextBack/test', [])).toEqual([]);
    expect(library.map((document) => document._aws.CloudWatchMetrics[0]!.Metrics)).toEqual([[]]);
  });
});
