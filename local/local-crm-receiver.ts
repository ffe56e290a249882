import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrmWebhooks } from '../shared/ports/crm-webhooks';
import { readBody, send, sendJson } from './lambda-proxy';

/** What GET /local/crm lists: the last events, newest last. */
export const LOCAL_CRM_KEPT = 100;
/** As the receiver in docs/admin.md: a signature older (or newer) than this is refused. */
const TOLERANCE_SECONDS = 300;

export interface ReceivedCrmEvent {
  receivedAt: string;
  eventId: string | null;
  type: string | null;
  clientId: string | null;
  /** The signature checked with the client's secret (from the local DynamoDB), as a CRM would check it. */
  verified: boolean;
  /** Why not, when it did not verify. */
  reason?: string;
  event: unknown;
}

/**
 * Issue 19 §5: the local receiver `npm start` offers at /local/crm, so a newcomer sees the signed job events a CRM
 * would get: POST receives one (and answers 200), GET lists them, each with whether its signature verified with the
 * secret `admin clients set-webhook` printed. Local only; the one http:// destination the local CRM function may use.
 */
export class LocalCrmReceiver {
  private received: ReceivedCrmEvent[] = [];

  constructor(
    private readonly webhooks: CrmWebhooks,
    private readonly now: () => Date,
  ) {}

  readonly receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request, 64 * 1024);
    if (body === undefined) return send(response, 413, 'text/plain', 'Payload Too Large');
    const text = body.toString('utf8');
    let event: Record<string, unknown> | undefined;
    try {
      event = JSON.parse(text) as Record<string, unknown>;
    } catch {
      event = undefined;
    }
    const clientId = typeof event?.clientId === 'string' ? event.clientId : null;
    const webhook = clientId ? await this.webhooks.find(clientId) : undefined;
    const signature = request.headers['x-mct-signature'];
    const check = webhook
      ? verifySignature(webhook.secret, typeof signature === 'string' ? signature : '', text, this.now())
      : { verified: false, reason: clientId ? `client ${clientId} has no CRM webhook` : 'no clientId in the body' };
    const eventId = request.headers['x-mct-event-id'];
    this.received = [
      ...this.received,
      {
        receivedAt: this.now().toISOString(),
        eventId: typeof eventId === 'string' ? eventId : null,
        type: typeof event?.type === 'string' ? event.type : null,
        clientId,
        ...check,
        event: event ?? text,
      },
    ].slice(-LOCAL_CRM_KEPT);
    return sendJson(response, 200, { received: true });
  };

  readonly list = (_request: IncomingMessage, response: ServerResponse): void =>
    sendJson(response, 200, { received: this.received });
}

/** The check of docs/admin.md's receiver: `t=<unix>,v1=<hex>`, HMAC-SHA256 over "<t>.<body>", constant-time compare. */
function verifySignature(
  secret: string,
  header: string,
  body: string,
  now: Date,
): { verified: boolean; reason?: string } {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!parts.t || !parts.v1 || !Number.isInteger(timestamp)) return { verified: false, reason: 'no signature' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS)
    return { verified: false, reason: 'timestamp outside 5 minutes' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { verified: true }
    : { verified: false, reason: 'signature does not match' };
}
