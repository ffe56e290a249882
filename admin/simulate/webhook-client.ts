import { expectedTwilioSignature } from '../../shared/adapters/twilio/signature';
import { isConnectionFailure, unreachable, type LocalAddress } from '../local-addresses';
import type { TwilioParams } from './twilio-params';

export interface WebhookEndpoint {
  /** Where requests go, e.g. http://localhost:3000. */
  baseUrl: string;
  /** The public base URL the service checks signatures against (its PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  authToken: string;
  /** Where `baseUrl` came from and what moves it, for the error when nothing answers there. */
  address?: LocalAddress;
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
export function postWebhook(endpoint: WebhookEndpoint, route: string, params: TwilioParams): Promise<WebhookAnswer> {
  return postSigned(endpoint, route, `${endpoint.publicBaseUrl}${route}`, params);
}

/**
 * Posts to a URL our TwiML named, as Twilio does: signed over that exact URL, sent to the same path on the service.
 * Only URLs under the public base URL are followed (every URL in our TwiML is).
 */
export function postToTwimlUrl(endpoint: WebhookEndpoint, url: string, params: TwilioParams): Promise<WebhookAnswer> {
  if (!url.startsWith(`${endpoint.publicBaseUrl}/`))
    throw new Error(`the TwiML names ${url}, which is not under the public base URL ${endpoint.publicBaseUrl}`);
  return postSigned(endpoint, url.slice(endpoint.publicBaseUrl.length), url, params);
}

/** One signed POST: the signature over `signedUrl` (what Twilio requested), the request to `route` on the service. */
async function postSigned(
  endpoint: WebhookEndpoint,
  route: string,
  signedUrl: string,
  params: TwilioParams,
): Promise<WebhookAnswer> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.baseUrl}${route}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': expectedTwilioSignature(endpoint.authToken, signedUrl, params),
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
    });
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    const address = endpoint.address ?? {
      url: endpoint.baseUrl,
      source: 'as given',
      remedy: 'is the service running?',
    };
    throw unreachable('the service', address, route, error);
  }
  return {
    route,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/** Sets (or with undefined, clears) the local service's clock: POST /local/clock. False when the target has none. */
export async function setLocalClock(baseUrl: string, now: Date | undefined): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/local/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ now: now ? now.toISOString() : null }),
    });
    return response.ok;
  } catch {
    return false;
  }
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
export async function newOutboxEntries(
  baseUrl: string,
  seen: number,
  waitMs: number,
): Promise<OutboxEntry[] | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const entries = await readOutbox(baseUrl);
    if (!entries) return undefined;
    const fresh = entries.slice(seen);
    if (fresh.length > 0 || Date.now() >= deadline) return fresh;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
