import { NUMBERS } from '../test/support/seeds';
import { sid } from '../test/support/sid';
import { incomingSms } from '../test/support/webhook-harness';
import { meterCapacity } from './capacity-meter';
import { ISSUE_19, startIssue19Harness } from './issue-19-paths';
import { LIST_PRICES } from './list-prices';
import { median } from './stats';

/**
 * Issue 19: what the CRM hand-off costs per 1,000 job events, and what an emergency ring costs. The crm function's
 * share is measured: the real crm handler delivers each event (one SQS record) to a plain-HTTP receiver on this
 * machine, timed and its DynamoDB units counted as the other workloads are. The SQS requests are counted by what the
 * hand-off does (no SQS runs here); each assumption is stated beside its figure in the report.
 */
export interface CrmHandOffFigures {
  events: number;
  /** The crm function's invocation, delivering one event: wall time in process, p50, and billed ms summed. */
  invocationP50Ms: number;
  billedMs: number;
  dynamoCalls: number;
  readUnits: number;
  writeUnits: number;
  /** The largest event body queued (SQS bills each 64 KB chunk of a request as one request). */
  largestEventBytes: number;
  ring: { twimlSayCharacters: number; placed: number };
}

const WARM_UP = 20;
/** SendMessage by the publisher, the ReceiveMessage that returns it and the DeleteMessage after delivery. */
export const SQS_REQUESTS_PER_EVENT = 3;
/** An answered ring is billed as whole minutes; the message is said twice and hung up, well within one. */
export const RING_BILLED_MINUTES = 1;

export async function measureCrmHandOff(events: number): Promise<CrmHandOffFigures> {
  const { harness, crm, close } = await startIssue19Harness({
    dailySmsCap: 100_000_000,
    dailyOwnerSmsCap: 100_000_000,
  });
  const meter = meterCapacity(harness.db);
  try {
    const durations: number[] = [];
    let billedMs = 0;
    let dynamoCalls = 0;
    let readUnits = 0;
    let writeUnits = 0;
    let largestEventBytes = 0;
    for (let round = -WARM_UP; round < events; round += 1) {
      const serial = round + WARM_UP;
      const customer = `+447914${String(serial).padStart(6, '0')}`;
      // A new customer's first text: a job opened, one job.opened event queued for the crm function.
      await harness.sms(incomingSms(sid('SM', `crm-cost-${serial}`), ISSUE_19.brightBusiness, customer, 'No power'));
      const pending = harness.functions.crm.queue.snapshot().pending;
      if (pending.length !== 1) throw new Error(`${pending.length} CRM events waiting, not 1`);
      largestEventBytes = Math.max(largestEventBytes, Buffer.byteLength(JSON.stringify(pending[0]), 'utf8'));
      const received = crm.requests.length;
      meter.reset();
      harness.resetCounters();
      const started = performance.now();
      const delivered = await harness.functions.crm.drain();
      const elapsed = performance.now() - started;
      if (delivered !== 1 || crm.requests.length !== received + 1)
        throw new Error(
          `the crm function delivered ${delivered} events, the receiver got ${crm.requests.length - received}`,
        );
      if (round < 0) continue;
      const capacity = meter.tally();
      durations.push(elapsed);
      billedMs += Math.ceil(elapsed);
      dynamoCalls += harness.dynamoCallsByFunction.crm?.length ?? 0;
      readUnits += capacity.readUnits;
      writeUnits += capacity.writeUnits;
    }
    const ring = await emergencyRing(harness);
    if (harness.logs.some((entry) => entry.level === 'error'))
      throw new Error(`the functions logged errors: ${JSON.stringify(harness.logs.find((e) => e.level === 'error'))}`);
    return {
      events,
      invocationP50Ms: median(durations),
      billedMs,
      dynamoCalls,
      readUnits,
      writeUnits,
      largestEventBytes,
      ring,
    };
  } finally {
    await close();
  }
}

/** One emergency with EMERGENCY RING ON, for the length of what the ring says. */
async function emergencyRing(harness: Awaited<ReturnType<typeof startIssue19Harness>>['harness']) {
  const before = harness.twilioApi.calls().length;
  await harness.sms(
    incomingSms(sid('SM', 'crm-cost-ring-on'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'EMERGENCY RING ON'),
  );
  await harness.sms(
    incomingSms(sid('SM', 'crm-cost-ring'), NUMBERS.aceBusiness, NUMBERS.customer, 'I can smell gas in the hall'),
  );
  const placed = harness.twilioApi.calls().slice(before);
  const say = /<Say[^>]*>([\s\S]*?)<\/Say>/.exec(placed[0]?.twiml ?? '')?.[1] ?? '';
  return { twimlSayCharacters: say.length, placed: placed.length };
}

export interface CrmHandOffCost {
  sqs: number;
  lambda: number;
  dynamo: number;
  total: number;
  gbSeconds: number;
}

/** Dollars per 1,000 events. */
export function crmHandOffCost(figures: CrmHandOffFigures, memoryMb: number): CrmHandOffCost {
  const scale = 1000 / figures.events;
  const p = LIST_PRICES;
  const chunks = Math.ceil(figures.largestEventBytes / (64 * 1024));
  const sqs = 1000 * SQS_REQUESTS_PER_EVENT * chunks * p.sqsRequest.usd;
  const gbSeconds = (figures.billedMs / 1000) * (memoryMb / 1024) * scale;
  const lambda = gbSeconds * p.lambdaArmGbSecond.usd + 1000 * p.lambdaRequest.usd;
  const dynamo = figures.readUnits * scale * p.dynamoReadUnit.usd + figures.writeUnits * scale * p.dynamoWriteUnit.usd;
  return { sqs, lambda, dynamo, total: sqs + lambda + dynamo, gbSeconds };
}

const usd = (value: number) =>
  value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(value < 1 ? 4 : 2)}`;
const units = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function renderCrmCostSection(figures: CrmHandOffFigures, memoryMb: number): string {
  const cost = crmHandOffCost(figures, memoryMb);
  const per = (value: number) => units((value * 1000) / figures.events);
  const voice = LIST_PRICES.twilioVoiceOutboundUs;
  const ringUs = 1000 * RING_BILLED_MINUTES * voice.usd;
  const rows: string[][] = [
    [
      'SQS requests',
      (SQS_REQUESTS_PER_EVENT * 1000).toLocaleString('en-GB'),
      usd(cost.sqs),
      `assumed, not run: one SendMessage by the function that publishes the event, one ReceiveMessage and one DeleteMessage by the crm function's event source mapping, as if each event came alone (the mapping takes up to 5 in a batch, so busy hours cost less); events of at most ${figures.largestEventBytes.toLocaleString('en-GB')} bytes, one 64 KB chunk each. The mapping's empty long polls are a fixed monthly cost, not per event`,
    ],
    [
      'Lambda invocations (crm)',
      '1,000',
      usd(1000 * LIST_PRICES.lambdaRequest.usd),
      'one per event (a batch of one, as above)',
    ],
    [
      `Lambda GB-s (crm, billed ms × ${memoryMb} MB)`,
      cost.gbSeconds.toFixed(2),
      usd(cost.gbSeconds * LIST_PRICES.lambdaArmGbSecond.usd),
      `measured: the real crm handler delivering one event to a plain-HTTP receiver on this machine, p50 ${figures.invocationP50Ms.toFixed(1)} ms. It excludes the CRM's own latency and the TLS handshake of an https URL (each POST may take up to 5 s, CRM_POST_TIMEOUT_MS: at 1 s it would be ${usd(((1000 * memoryMb) / 1024) * LIST_PRICES.lambdaArmGbSecond.usd)} per 1,000), and the DNS resolution of the URL's host`,
    ],
    [
      'DynamoDB calls (crm)',
      per(figures.dynamoCalls),
      '',
      'measured: the webhook and its secret, read per event (GetItem)',
    ],
    [
      'DynamoDB read units',
      per(figures.readUnits),
      usd((figures.readUnits * 1000 * LIST_PRICES.dynamoReadUnit.usd) / figures.events),
      'measured (ConsumedCapacity)',
    ],
    ['**CRM hand-off, AWS total**', '', `**${usd(cost.total)}**`, ''],
  ];
  const table = [
    '| Per 1,000 job events | Count | USD | How |',
    '|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
  return `### The CRM hand-off and the emergency ring (issue 19)

${figures.events.toLocaleString('en-GB')} job events (job.opened, each from a new customer's first text to a business with a CRM webhook) delivered one by one after ${WARM_UP} uncounted. The text that causes an event costs what it costs without a webhook (see the DynamoDB calls per path) plus the SendMessage priced here; the time that SendMessage adds to the publishing function is not measured (the local queue is in process) and not included.

${table}

**Emergency ring**: ${figures.ring.placed} call placed through Twilio's Calls API per emergency with \`EMERGENCY RING ON\` (inline TwiML, no webhook back, so no AWS cost beyond the text that caused it), saying ${figures.ring.twimlSayCharacters} characters twice and hanging up. At ${usd(voice.usd)} a minute (Twilio US outbound, list price; ${RING_BILLED_MINUTES} billed minute a ring answered, assumed: the message said twice lasts well under a minute, and an unanswered ring is not billed) that is ${usd(ringUs)} per 1,000 rings, on top of the texts of the emergency. The UK ring is not priced: no Twilio UK outbound-to-mobile rate could be read here.
`;
}

export function renderCrmCostConsole(figures: CrmHandOffFigures, memoryMb: number): string {
  const cost = crmHandOffCost(figures, memoryMb);
  return `  crmHandOff     AWS ${usd(cost.total).padStart(9)}  (SQS ${usd(cost.sqs)}, Lambda ${usd(cost.lambda)} at p50 ${figures.invocationP50Ms.toFixed(1)} ms, DynamoDB ${usd(cost.dynamo)})  ring US ${usd(1000 * RING_BILLED_MINUTES * LIST_PRICES.twilioVoiceOutboundUs.usd)}`;
}

if (require.main === module) {
  const memoryMb = 512;
  measureCrmHandOff(Number(process.argv[2] ?? 200))
    .then((figures) => {
      process.stdout.write(`${JSON.stringify(figures)}\n${renderCrmCostConsole(figures, memoryMb)}\n\n`);
      process.stdout.write(renderCrmCostSection(figures, memoryMb));
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
