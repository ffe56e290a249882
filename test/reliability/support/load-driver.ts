import type { PlannedWebhook } from './mixed-webhooks';

// autocannon ships no types: the part of its programmatic API used here.
interface AutocannonRequest {
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

export interface LoadOutcome {
  /** HTTP status per planned webhook, by plan index; 0 when no answer came. */
  statuses: number[];
  /** Bodies of the answers that were not 2xx, by plan index. */
  failedBodies: Map<number, string>;
  sent: number;
  answered: number;
  wallMs: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Connection errors and timeouts, as autocannon counts them. */
  errors: number;
  timeouts: number;
  non2xx: number;
  byStatus: Record<string, number>;
}

export interface LoadOptions {
  connections?: number;
  /** Seconds before autocannon gives up on one answer. */
  timeoutSeconds?: number;
}

/**
 * Sends every planned webhook exactly once, in plan order, over `connections` keep-alive connections.
 * autocannon walks its `requests` array separately on each connection, so the array holds one entry whose
 * `setupRequest` takes the next precomputed webhook from the shared plan: each webhook goes out once, and
 * neighbours in the plan (a webhook and its concurrent repeat) are in flight at the same time on different connections.
 */
export async function driveLoad(
  baseUrl: string,
  webhooks: readonly PlannedWebhook[],
  options: LoadOptions = {},
): Promise<LoadOutcome> {
  const connections = Math.min(options.connections ?? 50, webhooks.length);
  const statuses = new Array<number>(webhooks.length).fill(0);
  const failedBodies = new Map<number, string>();
  let next = 0;
  let lastAnswerAt = 0;

  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections,
    pipelining: 1,
    amount: webhooks.length,
    timeout: options.timeoutSeconds ?? 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: AutocannonRequest, context: Record<string, unknown>) => {
          const webhook = webhooks[next++];
          if (!webhook) throw new Error('the load plan ran out: autocannon asked for more requests than planned');
          context.index = webhook.index;
          return {
            ...request,
            method: 'POST',
            path: webhook.path,
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'X-Twilio-Signature': webhook.signature,
              'User-Agent': 'TwilioProxy/1.1',
              'I-Twilio-Idempotency-Token': `${webhook.sid}-${webhook.route}`,
            },
            body: webhook.body,
          };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          const index = context.index as number;
          statuses[index] = status;
          if (status < 200 || status > 299) failedBodies.set(index, body);
          lastAnswerAt = performance.now();
        },
      },
    ],
  });

  const answered = statuses.filter((status) => status !== 0).length;
  const wallMs = (lastAnswerAt || performance.now()) - started;
  const byStatus: Record<string, number> = {};
  for (const status of statuses) byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  return {
    statuses,
    failedBodies,
    sent: next,
    answered,
    wallMs,
    requestsPerSecond: answered / (wallMs / 1000),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    byStatus,
  };
}
