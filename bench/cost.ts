import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NUMBERS, TEST_SEED } from '../test/support/seeds';
import { sid } from '../test/support/sid';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../test/support/webhook-harness';
import { meterCapacity, type CapacityMeter, type CapacityTally } from './capacity-meter';
import { measureCrmHandOff, renderCrmCostConsole, renderCrmCostSection, type CrmHandOffFigures } from './crm-cost';
import { itemSize, readUnits, writeUnits } from './item-size';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../local/local-service';
import { LIST_PRICES, LIST_PRICES_READ_ON, type ListPrice } from './list-prices';
import { seededDirectoryItems } from './scale-run';
import { smsSegments } from './sms-segments';
import { median, scaledCount } from './stats';

/**
 * Issue 11 §7: what 1,000 missed calls and 1,000 customer texts cost on AWS and at Twilio, computed from what the real
 * handlers did on the test harness (dynalite, the fake Twilio API): DynamoDB request units as ConsumedCapacity reports
 * them, Lambda GB-seconds from each invocation's measured duration at the configured memory, SQS requests, SMS segments
 * of every body sent and received; priced at the public list prices of bench/list-prices.ts. The same figures for a
 * naive build that Scans the directory and keeps a job on one item are a model, computed from the item sizes counted
 * here.
 */
export interface WorkloadCount {
  key: 'missedCalls' | 'customerTexts' | 'waitingList';
  name: string;
  /** How many were run and timed (the figures are given per 1,000). */
  runs: number;
  invocations: number;
  apiRequests: number;
  invocationP50Ms: number;
  /** Each invocation's duration rounded up to the millisecond, as Lambda bills it, summed. */
  billedMs: number;
  dynamoCalls: number;
  capacity: CapacityTally;
  sqsRequests: number;
  smsSent: number;
  smsSentSegments: number;
  smsSentUcs2: number;
  smsReceivedSegments: number;
}

export interface NaiveModel {
  /** Extra units per 1,000 customer texts when each text rewrites (and first reads) its whole job item. */
  customerTexts: { writeUnits: number; readUnits: number; largestJobItemBytes: number };
  /** One Scan of a directory of `numbers` numbers, per waiting-list run (and per sign-up). */
  directoryScan: { numbers: number; bytes: number; readUnits: number };
  /** Write units for the n-th text on one job, ours and naive, at this run's average message size and at 1,600 characters. */
  growth: Array<{ nth: number; oursWriteUnits: number; naiveWriteUnits: number; naiveLongWriteUnits: number }>;
  /** The text at which the naive job item passes DynamoDB's 400 KB item limit, and the naive build can store no more. */
  itemLimitAt: { averageText: number; longText: number };
  /** The first text on a job whose naive rewrite costs more write units than ours (texts like this run's). */
  dearerFrom: number;
  averageMessageItemBytes: number;
  jobSummaryBytes: number;
}

export interface CostFigures {
  memoryMb: number;
  architecture: string;
  workloads: WorkloadCount[];
  naive: NaiveModel;
  waitingListRunsPerMonth: number;
  /** Issue 19: the CRM hand-off per job event, and the emergency ring. */
  crmHandOff: CrmHandOffFigures;
}

const MEMORY_SOURCE = 'lib/service-function.ts';
/** lib/missed-call-text-back-stack.ts: the waiting list is served every 5 minutes. */
const WAITING_LIST_RUNS_PER_MONTH = (30 * 24 * 60) / 5;
const NAIVE_DIRECTORY_NUMBERS = 100_000;
const DYNAMO_ITEM_LIMIT = 400 * 1024;
const WARM_UP = 50;
const CUSTOMER_TEXTS_PER_JOB = 4;

const TEXTS = [
  'Hi, the tap under the kitchen sink is leaking quite badly. Can someone come Friday morning?',
  'Also the radiator in the hall stays cold',
  'Any time after 2pm works for me',
  "The address is 14 Mill Lane, the side door is easiest as the front is being painted. Please ring when you're outside, the bell doesn't work. Parking is on the street, no permit needed after 10am.",
];

export async function measureCost(runs = scaledCount(1000, 100)): Promise<CostFigures> {
  const { memoryMb, architecture } = configuredMemory();
  const harness = await startHarness(TEST_SEED, { dailySmsCap: 100_000_000, dailyOwnerSmsCap: 100_000_000 });
  const meter = meterCapacity(harness.db);
  try {
    const missedCalls = counter(
      'missedCalls',
      'missed call: voice webhook, then its status callback (caller texted back, owner alerted)',
    );
    const customerTexts = counter(
      'customerTexts',
      `customer text: ${CUSTOMER_TEXTS_PER_JOB} from each customer (the first opens a job: forwarded and acknowledged; the rest forwarded)`,
    );
    const waitingList = counter('waitingList', 'waiting-list job run (every 5 minutes), nobody waiting');

    // Interleaved round by round, after a warm-up, as the warm-latency bench does: machine noise hits every path alike.
    for (let round = -WARM_UP; round < runs; round += 1) {
      const serial = round + WARM_UP;
      const caller = `+447912${String(serial).padStart(6, '0')}`;
      const callSid = sid('CA', `cost-${serial}`);
      const customer = `+447913${String(Math.floor(serial / CUSTOMER_TEXTS_PER_JOB)).padStart(6, '0')}`;
      const text = TEXTS[serial % CUSTOMER_TEXTS_PER_JOB] as string;
      const measured = round >= 0;
      await run(harness, meter, measured ? missedCalls : undefined, [
        () => harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, caller)),
        () => harness.status(callEnded(callSid, NUMBERS.aceBusiness, caller)),
      ]);
      await run(
        harness,
        meter,
        measured ? customerTexts : undefined,
        [() => harness.sms(incomingSms(sid('SM', `cost-${serial}`), NUMBERS.aceBusiness, customer, text))],
        smsSegments(text).segments,
      );
      await run(
        harness,
        meter,
        measured ? waitingList : undefined,
        [() => harness.functions.serveWaitingList()],
        0,
        false,
      );
    }
    if (harness.logs.some((entry) => entry.level === 'error'))
      throw new Error(
        `the functions logged errors: ${JSON.stringify(harness.logs.find((entry) => entry.level === 'error'))}`,
      );
    const workloads = [missedCalls, customerTexts, waitingList].map(finish);
    const naive = await naiveModel(harness, customerTexts.runs);
    const crmHandOff = await measureCrmHandOff(scaledCount(500, 50));
    return {
      memoryMb,
      architecture,
      workloads,
      naive,
      waitingListRunsPerMonth: WAITING_LIST_RUNS_PER_MONTH,
      crmHandOff,
    };
  } finally {
    await harness.close();
  }
}

type Counting = Omit<WorkloadCount, 'invocationP50Ms'> & { durations: number[] };

function counter(key: WorkloadCount['key'], name: string): Counting {
  return {
    key,
    name,
    runs: 0,
    invocations: 0,
    apiRequests: 0,
    billedMs: 0,
    dynamoCalls: 0,
    capacity: {
      readUnits: 0,
      writeUnits: 0,
      byTable: {},
      requests: 0,
      emptyReads: 0,
      refusedWrites: 0,
      uncounted: [],
    },
    sqsRequests: 0,
    smsSent: 0,
    smsSentSegments: 0,
    smsSentUcs2: 0,
    smsReceivedSegments: 0,
    durations: [],
  };
}

/** One use: its invocations timed one by one, its DynamoDB units, its sends and its queued redeliveries counted. */
async function run(
  harness: Harness,
  meter: CapacityMeter,
  into: Counting | undefined,
  invocations: Array<() => Promise<unknown>>,
  receivedSegments = 0,
  throughApi = true,
): Promise<void> {
  const sentBefore = harness.outbox().length;
  const queuedBefore = queued(harness);
  meter.reset();
  harness.resetCounters();
  const durations: number[] = [];
  for (const invoke of invocations) {
    const started = performance.now();
    const result = (await invoke()) as { statusCode?: number; body?: string } | undefined;
    durations.push(performance.now() - started);
    if (result?.statusCode !== undefined && result.statusCode !== 200)
      throw new Error(`answered ${result.statusCode}: ${result.body}`);
  }
  if (!into) return;
  const capacity = meter.tally();
  into.runs += 1;
  into.invocations += invocations.length;
  into.apiRequests += throughApi ? invocations.length : 0;
  into.durations.push(...durations);
  into.billedMs += durations.reduce((sum, ms) => sum + Math.ceil(ms), 0);
  into.dynamoCalls += harness.dynamoCalls.length;
  into.capacity.readUnits += capacity.readUnits;
  into.capacity.writeUnits += capacity.writeUnits;
  into.capacity.requests += capacity.requests;
  into.capacity.emptyReads += capacity.emptyReads;
  into.capacity.refusedWrites += capacity.refusedWrites;
  into.capacity.uncounted.push(...capacity.uncounted);
  for (const [table, units] of Object.entries(capacity.byTable)) {
    const row = (into.capacity.byTable[table] ??= { readUnits: 0, writeUnits: 0 });
    row.readUnits += units.readUnits;
    row.writeUnits += units.writeUnits;
  }
  // A redelivery is one SendMessage, and its consumer's receive and delete: three requests.
  into.sqsRequests += (queued(harness) - queuedBefore) * 3;
  for (const sms of harness.outbox().slice(sentBefore)) {
    const segments = smsSegments(sms.body ?? '');
    into.smsSent += 1;
    into.smsSentSegments += segments.segments;
    if (segments.encoding === 'UCS-2') into.smsSentUcs2 += 1;
  }
  into.smsReceivedSegments += receivedSegments;
}

function queued(harness: Harness): number {
  return Object.values(harness.functions.redelivery.queues).reduce((sum, queue) => {
    const snapshot = queue.snapshot();
    return sum + snapshot.pending.length + snapshot.deadLetters.length;
  }, 0);
}

function finish(counting: Counting): WorkloadCount {
  const { durations, ...count } = counting;
  return { ...count, invocationP50Ms: median(durations) };
}

/** The memory and architecture every function is given, read from the construct that sets them. */
function configuredMemory(): { memoryMb: number; architecture: string } {
  const source = readFileSync(join(__dirname, '..', MEMORY_SOURCE), 'utf8');
  const memory = /memorySize:\s*(\d+)/.exec(source);
  if (!memory || !source.includes('Architecture.ARM_64'))
    throw new Error(`${MEMORY_SOURCE} no longer sets memorySize and ARM_64 where the cost bench reads them`);
  return { memoryMb: Number(memory[1]), architecture: 'arm64' };
}

/**
 * The naive build, as a model from this run's items: (1) each customer text reads its whole job item and rewrites it
 * (in the same transaction, so twice the units) where ours writes one message item and a small summary; (2) every
 * waiting-list run (and every sign-up) Scans the directory of 100,000 numbers where ours Queries a sparse index.
 */
async function naiveModel(harness: Harness, customerTextsRun: number): Promise<NaiveModel> {
  const items = await allActivityItems(harness);
  const summaries = items.filter((item) => String(item.sk).startsWith('OPENJOB#'));
  const jobSummaryBytes = Math.max(...summaries.map(itemSize));
  const byJob = new Map<string, Array<Record<string, unknown>>>();
  for (const item of items.filter(
    (entry) => String(entry.pk).startsWith('JOB#') && String(entry.sk).startsWith('MSG#'),
  )) {
    const messages = byJob.get(String(item.pk)) ?? [];
    messages.push(item);
    byJob.set(String(item.pk), messages);
  }
  // Embedded in the job item, a message keeps its attributes but not its keys: a map element (1 byte + the map).
  const embedded = (message: Record<string, unknown>) => {
    const { pk: _pk, sk: _sk, jobId: _jobId, ...rest } = message;
    return 1 + 3 + itemSize(rest) + Object.keys(rest).length;
  };
  let extraWrite = 0;
  let extraRead = 0;
  let largest = 0;
  let texts = 0;
  let messageBytes = 0;
  let embeddedBytes = 0;
  let bodyBytes = 0;
  for (const messages of byJob.values()) {
    messages.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    let jobItem = jobSummaryBytes + 'messages'.length + 3;
    for (const message of messages) {
      const before = jobItem;
      jobItem += embedded(message);
      largest = Math.max(largest, jobItem);
      texts += 1;
      messageBytes += itemSize(message);
      embeddedBytes += embedded(message);
      bodyBytes += Buffer.byteLength(String(message.body ?? ''), 'utf8');
      // Ours: the summary and the message item, in the transaction; the summary read by the exchange.
      extraWrite +=
        writeUnits(jobItem, true) - (writeUnits(jobSummaryBytes, true) + writeUnits(itemSize(message), true));
      extraRead += readUnits(before) - readUnits(jobSummaryBytes);
    }
  }
  const perThousand = (units: number) => (texts === 0 ? 0 : (units / texts) * 1000);
  const averageMessageItemBytes = texts === 0 ? 0 : messageBytes / texts;
  const averageEmbedded = texts === 0 ? 0 : embeddedBytes / texts;
  // The same message with a body of 1,600 characters (Twilio's longest) in place of this run's bodies.
  const longMessage = averageEmbedded - (texts === 0 ? 0 : bodyBytes / texts) + 1600;
  const naiveAt = (nth: number, perMessage: number) => writeUnits(jobSummaryBytes + nth * perMessage, true);
  const oursAt = (perMessage: number) => writeUnits(jobSummaryBytes, true) + writeUnits(perMessage, true);
  const limitAt = (perMessage: number) => Math.ceil((DYNAMO_ITEM_LIMIT - jobSummaryBytes) / perMessage);

  let directoryBytes = 0;
  for (let index = 0; index < NAIVE_DIRECTORY_NUMBERS; index += 1)
    for (const item of seededDirectoryItems(index)) directoryBytes += itemSize(item);

  // The harness's activity table holds this run only; the check that the run's texts are all here.
  if (texts !== customerTextsRun + WARM_UP)
    throw new Error(`expected ${customerTextsRun + WARM_UP} job messages in the activity table, found ${texts}`);

  return {
    customerTexts: {
      writeUnits: perThousand(extraWrite),
      readUnits: perThousand(extraRead),
      largestJobItemBytes: largest,
    },
    directoryScan: {
      numbers: NAIVE_DIRECTORY_NUMBERS,
      bytes: directoryBytes,
      readUnits: Math.ceil(directoryBytes / 4096) * 0.5,
    },
    growth: [1, 10, 100, 1000].map((nth) => ({
      nth,
      oursWriteUnits: oursAt(averageEmbedded),
      naiveWriteUnits: naiveAt(nth, averageEmbedded),
      naiveLongWriteUnits: naiveAt(nth, longMessage),
    })),
    itemLimitAt: { averageText: limitAt(averageEmbedded), longText: limitAt(longMessage) },
    dearerFrom: dearerFrom(jobSummaryBytes, averageEmbedded, oursAt(averageEmbedded)),
    averageMessageItemBytes,
    jobSummaryBytes,
  };
}

/** Every item of this run's activity table, page by page (one Scan answers at most 1 MB). */
async function allActivityItems(harness: Harness): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await harness.db.send(
      new ScanCommand({ TableName: LOCAL_TABLES.activityTable, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

function dearerFrom(summaryBytes: number, perMessage: number, ours: number): number {
  let nth = 1;
  while (writeUnits(summaryBytes + nth * perMessage, true) <= ours) nth += 1;
  return nth;
}

// ---------------------------------------------------------------------------------------------------------------------
// Pricing

export interface CostLine {
  dynamo: number;
  lambda: number;
  apiGateway: number;
  sqs: number;
  aws: number;
  twilioUs: number;
  twilioUk: number;
}

/** Dollars per 1,000 uses of a workload, from its counts (and, for the naive build, the model's extra units). */
export function costPerThousand(
  count: WorkloadCount,
  memoryMb: number,
  extra: { readUnits?: number; writeUnits?: number } = {},
): CostLine {
  const scale = 1000 / count.runs;
  const p = LIST_PRICES;
  const dynamo =
    (count.capacity.readUnits * scale + (extra.readUnits ?? 0)) * p.dynamoReadUnit.usd +
    (count.capacity.writeUnits * scale + (extra.writeUnits ?? 0)) * p.dynamoWriteUnit.usd;
  const gbSeconds = (count.billedMs / 1000) * (memoryMb / 1024) * scale;
  const lambda = gbSeconds * p.lambdaArmGbSecond.usd + count.invocations * scale * p.lambdaRequest.usd;
  const apiGateway = count.apiRequests * scale * p.restApiRequest.usd;
  const sqs = count.sqsRequests * scale * p.sqsRequest.usd;
  const aws = dynamo + lambda + apiGateway + sqs;
  const twilioUs = (count.smsSentSegments + count.smsReceivedSegments) * scale * p.twilioSmsUs.usd;
  // UK inbound SMS: no list price was found (see the price table); outbound only.
  const twilioUk = count.smsSentSegments * scale * p.twilioSmsUk.usd;
  return { dynamo, lambda, apiGateway, sqs, aws, twilioUs, twilioUk };
}

// ---------------------------------------------------------------------------------------------------------------------
// Report

const usd = (value: number) =>
  value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(value < 1 ? 4 : 2)}`;
const signed = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${units(Math.abs(value))}`;
const units = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

function table(header: string[], body: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...body.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

export function renderCostSection(figures: CostFigures): string {
  const { workloads, naive, memoryMb } = figures;
  const byKey = (key: WorkloadCount['key']) => workloads.find((entry) => entry.key === key) as WorkloadCount;
  const calls = byKey('missedCalls');
  const texts = byKey('customerTexts');
  const waiting = byKey('waitingList');
  const per = (count: WorkloadCount, value: number) => units((value * 1000) / count.runs);
  const gbSeconds = (count: WorkloadCount) => ((count.billedMs / 1000) * (memoryMb / 1024) * 1000) / count.runs;

  const counted = table(
    ['Per 1,000', ...workloads.map((entry) => entry.name)],
    [
      ['API Gateway requests (webhooks)', ...workloads.map((entry) => per(entry, entry.apiRequests))],
      ['Lambda invocations', ...workloads.map((entry) => per(entry, entry.invocations))],
      [
        'Lambda duration p50 per invocation (measured)',
        ...workloads.map((entry) => `${entry.invocationP50Ms.toFixed(1)} ms`),
      ],
      [`Lambda GB-s (billed ms × ${memoryMb} MB)`, ...workloads.map((entry) => gbSeconds(entry).toFixed(2))],
      ['DynamoDB calls', ...workloads.map((entry) => per(entry, entry.dynamoCalls))],
      ['DynamoDB read request units', ...workloads.map((entry) => per(entry, entry.capacity.readUnits))],
      ['DynamoDB write request units', ...workloads.map((entry) => per(entry, entry.capacity.writeUnits))],
      ['SQS requests (redeliveries only)', ...workloads.map((entry) => per(entry, entry.sqsRequests))],
      [
        'SMS sent (segments; UCS-2 texts)',
        ...workloads.map(
          (entry) =>
            `${per(entry, entry.smsSent)} (${per(entry, entry.smsSentSegments)}; ${per(entry, entry.smsSentUcs2)})`,
        ),
      ],
      ['SMS segments received', ...workloads.map((entry) => per(entry, entry.smsReceivedSegments))],
    ],
  );

  const ours = {
    calls: costPerThousand(calls, memoryMb),
    texts: costPerThousand(texts, memoryMb),
    waiting: costPerThousand(waiting, memoryMb),
  };
  const naiveCost = {
    calls: ours.calls,
    texts: costPerThousand(texts, memoryMb, naive.customerTexts),
    waiting: costPerThousand(waiting, memoryMb, {
      readUnits: naive.directoryScan.readUnits * 1000 - (waiting.capacity.readUnits * 1000) / waiting.runs,
    }),
  };
  const lines: Array<[string, (line: CostLine) => number]> = [
    ['DynamoDB', (line) => line.dynamo],
    ['Lambda (duration + requests)', (line) => line.lambda],
    ['API Gateway (REST)', (line) => line.apiGateway],
    ['SQS', (line) => line.sqs],
    ['**AWS total**', (line) => line.aws],
    ['Twilio SMS, US (sent + received segments)', (line) => line.twilioUs],
    ['Twilio SMS, UK (sent segments)', (line) => line.twilioUk],
    ['**Total, US**', (line) => line.aws + line.twilioUs],
    ['**Total, UK**', (line) => line.aws + line.twilioUk],
  ];
  const costs = table(
    [
      'Per 1,000, USD',
      'missed calls',
      'missed calls, naive',
      'customer texts',
      'customer texts, naive (model)',
      'waiting-list runs',
      'waiting-list runs, naive (model)',
    ],
    lines.map(([name, pick]) => [
      name,
      usd(pick(ours.calls)),
      usd(pick(naiveCost.calls)),
      usd(pick(ours.texts)),
      usd(pick(naiveCost.texts)),
      usd(pick(ours.waiting)),
      usd(pick(naiveCost.waiting)),
    ]),
  );
  const monthOurs = (ours.waiting.aws * figures.waitingListRunsPerMonth) / 1000;
  const monthNaive = (naiveCost.waiting.aws * figures.waitingListRunsPerMonth) / 1000;

  const growth = table(
    [
      'n-th text on one job',
      'ours: WRU for the job (summary and message item, in the transaction)',
      "naive: WRU (texts like this run's)",
      'naive: WRU (1,600-character texts)',
    ],
    naive.growth.map((row) => [
      row.nth.toLocaleString('en-GB'),
      String(row.oursWriteUnits),
      row.nth >= naive.itemLimitAt.averageText ? `refused (item over 400 KB)` : String(row.naiveWriteUnits),
      row.nth >= naive.itemLimitAt.longText ? `refused (item over 400 KB)` : String(row.naiveLongWriteUnits),
    ]),
  );

  const prices = table(
    ['Price', 'USD', 'per', 'source'],
    Object.values(LIST_PRICES as Record<string, ListPrice>).map((price) => [
      price.what,
      price.usd < 0.001 ? `${(price.usd * 1e6).toFixed(price.usd * 1e6 < 1 ? 4 : 3)} per million` : String(price.usd),
      price.per,
      `${price.source}${price.note ? ` (${price.note})` : ''}`,
    ]),
  );

  const allUncounted = workloads.flatMap((entry) => entry.capacity.uncounted);
  const emptyReads = workloads.reduce((sum, entry) => sum + entry.capacity.emptyReads, 0);
  const refused = workloads.reduce((sum, entry) => sum + entry.capacity.refusedWrites, 0);

  return `## Cost per use

What ${calls.runs.toLocaleString('en-GB')} missed calls, ${texts.runs.toLocaleString('en-GB')} customer texts and ${waiting.runs.toLocaleString('en-GB')} waiting-list runs cost, counted on the real handlers (the test harness: dynalite, the fake Twilio API), interleaved round by round after ${WARM_UP} uncounted rounds, and given per 1,000. List prices as of ${LIST_PRICES_READ_ON} (AWS US East, on-demand, no free tier; table below).

${counted}

- **DynamoDB**: every command the functions sent asked for \`ReturnConsumedCapacity=TOTAL\` (middleware on the harness's document client) and the units are the ones the answers carried: dynalite computes them from the item sizes by DynamoDB's rules (1 WRU per KB written, the larger of the item before and after; 1 RRU per 4 KB strongly consistent, half eventually; BatchGetItem per item), and the transaction front answers TransactWriteItems with twice the units of the same writes made alone, as DynamoDB bills them. ${allUncounted.length === 0 ? 'Every answer carried ConsumedCapacity.' : `Answers without ConsumedCapacity: ${allUncounted.join(', ')}.`} ${emptyReads} empty reads (answered 0 units) were counted at DynamoDB's minimum of one read; ${refused} writes were refused by their condition. These paths write only the activity table, which has no secondary index, so no index write units are missing from dynalite's figure.
- **Lambda**: each invocation's wall time in process, rounded up to the millisecond as Lambda bills it, × ${memoryMb} MB (${MEMORY_SOURCE}, ${figures.architecture}). In process against dynalite and the fake Twilio API every call is a local round trip: deployed, each DynamoDB call and above all each Twilio send (a few hundred ms) takes longer, so these GB-s are a lower bound. Even at 1 s per invocation the Lambda line would be ${usd(((calls.invocations * 1000) / calls.runs) * ((memoryMb / 1024) * LIST_PRICES.lambdaArmGbSecond.usd + LIST_PRICES.lambdaRequest.usd))} per 1,000 missed calls. Cold starts' INIT time is not included.
- **SQS**: only a webhook whose work fails now is queued for redelivery; none did in these runs, so 0 requests (these businesses have no CRM webhook: the CRM hand-off's requests are priced per job event below). The redelivery consumers' event source mappings poll the queues whether or not anything is waiting: a fixed monthly cost, not a cost per use.
- **SMS**: segments of every body the fake Twilio API accepted (GSM-7 160 / 153 per part, UCS-2 70 / 67; bench/sms-segments.ts), and of every customer text received (priced at the US rate, which bills inbound segments too; no UK inbound list price was found, so the UK line counts sent segments only). Not included: Twilio's inbound voice minute for the greeting each missed caller hears, carrier pass-through fees, number rental.
- **Not included**: CloudWatch Logs ingestion and metrics, data transfer, storage (items expire by TTL).

${costs}

**The naive build (a model, not a run)** Scans the directory on every waiting-list run and every sign-up, and keeps each job on one item that every text reads whole and rewrites whole. Its missed calls touch neither, so they cost what ours do. Its figures are ours plus the difference, computed from the sizes of the items this run stored (a job summary of ${naive.jobSummaryBytes} bytes, message items of ${naive.averageMessageItemBytes.toFixed(0)} bytes on average, each embedded in the job item without its keys), at the same Lambda durations (a lower bound for the Scan):

- customer texts: ${signed(naive.customerTexts.writeUnits)} WRU and ${signed(naive.customerTexts.readUnits)} RRU per 1,000 at ${CUSTOMER_TEXTS_PER_JOB} texts a job (largest job item ${naive.customerTexts.largestJobItemBytes.toLocaleString('en-GB')} bytes). While a job is short, one item written is cheaper than ours (a summary and a message item, two items); from its text ${naive.dearerFrom} on the naive rewrite costs more, and it keeps growing, since every text rewrites everything before it:

${growth}

  The naive job item passes DynamoDB's 400 KB limit at text ${naive.itemLimitAt.averageText.toLocaleString('en-GB')} (texts like this run's) or ${naive.itemLimitAt.longText.toLocaleString('en-GB')} (1,600 characters): from there the naive build cannot store the customer's text at all.
- waiting-list runs: one Scan of ${naive.directoryScan.numbers.toLocaleString('en-GB')} numbers (${(naive.directoryScan.bytes / 1e6).toFixed(1)} MB as the scale run seeds them, eventually consistent): ${units(naive.directoryScan.readUnits)} RRU a run where ours uses ${units(waiting.capacity.readUnits / waiting.runs)}. Every 5 minutes that is ${usd(monthNaive)} a month of AWS against ${usd(monthOurs)}, before a single call or text (and the same Scan again on every sign-up).

${renderCrmCostSection(figures.crmHandOff, memoryMb)}
List prices as of ${LIST_PRICES_READ_ON} (bench/list-prices.ts; change them there):

${prices}
`;
}

export function renderCostConsole(figures: CostFigures): string {
  const lines = figures.workloads.map((entry) => {
    const cost = costPerThousand(entry, figures.memoryMb);
    return `  ${entry.key.padEnd(14)} AWS ${usd(cost.aws).padStart(9)}  Twilio US ${usd(cost.twilioUs).padStart(8)}  UK ${usd(cost.twilioUk).padStart(8)}  (${units((entry.capacity.readUnits * 1000) / entry.runs)} RRU, ${units((entry.capacity.writeUnits * 1000) / entry.runs)} WRU, ${units((entry.smsSentSegments * 1000) / entry.runs)} segments sent)`;
  });
  return [
    '',
    `Cost per 1,000 (list prices as of ${LIST_PRICES_READ_ON}):`,
    ...lines,
    renderCrmCostConsole(figures.crmHandOff, figures.memoryMb),
    '',
  ].join('\n');
}

if (require.main === module) {
  measureCost()
    .then((figures) => process.stdout.write(`${renderCostConsole(figures)}\n${renderCostSection(figures)}`))
    .catch((error: unknown) => {
      process.stderr.write(
        `cost bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}
