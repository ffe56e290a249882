import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send, sendJson } from './lambda-proxy';

/** A local-only route (not deployed): the service's own view of what it did, and its clock. */
export type LocalRoute = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/**
 * The local clock: real time unless POST /local/clock set one (`admin simulate call --at`). Local only: the deployed
 * functions have no such route and always run on the system clock.
 */
export class LocalClock {
  private fixed: Date | undefined;

  readonly now = (): Date => (this.fixed ? new Date(this.fixed) : new Date());

  /** POST /local/clock: `{"now": "<ISO time>"}` fixes the time, `{"now": null}` goes back to real time. */
  async set(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, 1024);
    let now: unknown;
    try {
      now = (JSON.parse(body?.toString('utf8') || '{}') as { now?: unknown }).now;
    } catch {
      return send(response, 400, 'text/plain', 'body must be JSON: {"now": "<ISO time>"} or {"now": null}');
    }
    const date = typeof now === 'string' ? new Date(now) : undefined;
    if (now !== null && now !== undefined && (!date || Number.isNaN(date.getTime())))
      return send(response, 400, 'text/plain', '"now" must be an ISO time or null');
    this.fixed = date;
    return sendJson(response, 200, { now: (this.fixed ?? new Date()).toISOString(), fixed: this.fixed !== undefined });
  }
}

/** What the local routes read: the fake's outbox, the metric counters, the redelivery queues, the clock. */
export interface LocalRouteDeps {
  outbox(): unknown;
  /** The calls the fake placed (issue 19: emergency rings). */
  calls(): unknown;
  counters(): Record<string, number>;
  queues(): unknown;
  /** Moves every dead-lettered webhook (and job event) back to its queue; how many. */
  replay(): number;
  clock: LocalClock;
  /** Issue 19 §5: the local receiver of the CRM webhooks (local-crm-receiver.ts). */
  crm: { receive: LocalRoute; list: LocalRoute };
}

/** The local contract's own routes, by `METHOD path` (README "Routes": /health and /local/*). */
export function localRoutes(deps: LocalRouteDeps): Record<string, LocalRoute> {
  return {
    'GET /health': (_request, response) => sendJson(response, 200, { status: 'ok' }),
    'GET /local/outbox': (_request, response) => sendJson(response, 200, deps.outbox()),
    'GET /local/calls': (_request, response) => sendJson(response, 200, deps.calls()),
    'GET /local/metrics': (_request, response) => sendJson(response, 200, { counters: deps.counters() }),
    'GET /local/queue': (_request, response) => sendJson(response, 200, deps.queues()),
    'POST /local/queue/replay': (_request, response) => sendJson(response, 200, { replayed: deps.replay() }),
    'POST /local/clock': (request, response) => deps.clock.set(request, response),
    'POST /local/crm': deps.crm.receive,
    'GET /local/crm': deps.crm.list,
  };
}

/** Twilio's REST API lives under this prefix; locally it is served on the same port, by the fake. */
export const TWILIO_API_PREFIX = '/2010-04-01/';

/** Passes a request to the fake Twilio API as is, so `http://localhost:$PORT` is also the local Twilio API base URL. */
export async function forwardToTwilioApi(
  request: IncomingMessage,
  response: ServerResponse,
  apiBaseUrl: string,
): Promise<void> {
  const body = await readBody(request, 64 * 1024);
  if (body === undefined) return send(response, 413, 'text/plain', 'Payload Too Large');
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const answer = await fetch(`${apiBaseUrl}${request.url ?? '/'}`, {
    method: request.method ?? 'GET',
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  response.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
  response.end(Buffer.from(await answer.arrayBuffer()));
}
