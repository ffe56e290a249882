import { expectedTwilioSignature } from '../../shared/adapters/twilio/signature';
import type { TwilioParams } from './twilio-params';

export interface WebhookEndpoint {
  /** Where requests go, e.g. http://localhost:3000. */
  baseUrl: string;
  /** The public base URL the service checks signatures against (its PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  authToken: string;
}

export interface WebhookAnswer {
  route: string;
  status: number;
  contentType: string;
  body: string;
}

/** One SMS as the local service's `/local/outbox` lists it. */
export interface OutboxEntry {
  sid: string;
  to: string;
  from: string;
  body: string;
}

/** Posts a webhook the way Twilio does: form-encoded, signed over the public URL plus every parameter. */
export async function postWebhook(endpoint: WebhookEndpoint, route: string, params: TwilioParams): Promise<WebhookAnswer> {
  const signature = expectedTwilioSignature(endpoint.authToken, `${endpoint.publicBaseUrl}${route}`, params);
  const response = await fetch(`${endpoint.baseUrl}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature, 'User-Agent': 'TwilioProxy/1.1' },
    body: new URLSearchParams(params).toString(),
  });
  return { route, status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** The local service's outbox, or undefined when the target is not the local service. */
export async function readOutbox(baseUrl: string): Promise<OutboxEntry[] | undefined> {
  try {
    const response = await fetch(`${baseUrl}/local/outbox`);
    if (!response.ok) return undefined;
    const entries = (await response.json()) as unknown;
    return Array.isArray(entries) ? (entries as OutboxEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

/** New outbox entries since `seen`, waiting up to `waitMs` for the first to appear. */
export async function newOutboxEntries(baseUrl: string, seen: number, waitMs: number): Promise<OutboxEntry[] | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const entries = await readOutbox(baseUrl);
    if (!entries) return undefined;
    const fresh = entries.slice(seen);
    if (fresh.length > 0 || Date.now() >= deadline) return fresh;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
