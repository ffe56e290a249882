import {
  SmsSendError,
  type MessageSender,
  type OutboundSms,
  type SendFailureKind,
  type SentSms,
  type SentSmsLog,
  type SentSmsQuery,
} from '../../ports/message-sender';
import type { TwilioCredentialsProvider } from './twilio-credentials';

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

/**
 * How long one Messages API call may take. Twilio waits 15 s for a webhook's answer and the status webhook may send
 * two texts after its DynamoDB work: 5 s each leaves room, and a send that takes longer is looked up and retried from
 * the queue instead (TWILIO_API_TIMEOUT_MS).
 */
export const DEFAULT_TWILIO_API_TIMEOUT_MS = 5000;

/** Twilio's "Too Many Requests": "never processed and always safe to retry" (docs, error 20429). */
const TWILIO_TOO_MANY_REQUESTS = 20429;

/** Connection errors where the request never reached Twilio: nothing was created. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** How much earlier than our first attempt Twilio's date_created may be and still be that attempt. */
const CLOCK_SKEW_MS = 5_000;

/** Messages looked at per lookup: Twilio lists the newest first, and one sender texts one person a few times a day. */
const LOOKUP_PAGE_SIZE = 50;

/**
 * Sends SMS through Twilio's Messages REST API, and finds a sent one in its message log.
 * A plain fetch, not twilio's REST client: that client bundles to 385 KB (RequestClient and axios) or
 * 3.6 MB (the whole API) minified, for one POST. Its wire format is the same, which a test proves
 * by sending through the local fake with the real twilio client.
 *
 * A failure says what it means for a retry (SmsSendError.kind): a 4xx with a Twilio code is `final` (21211 invalid
 * number, 21610 opted out, 21614 not a mobile...), a 429/20429, a 5xx or a refused connection is `retryable`, and a
 * timeout or a connection lost mid-request is `ambiguous` (Twilio may have created the message).
 */
export class TwilioMessageSender implements MessageSender, SentSmsLog {
  constructor(
    private readonly credentials: TwilioCredentialsProvider,
    private readonly apiBaseUrl: string = TWILIO_API_BASE_URL,
    private readonly timeoutMs: number = DEFAULT_TWILIO_API_TIMEOUT_MS,
    /** Sent with every message when set (with From): US A2P 10DLC needs the number's Messaging Service. */
    private readonly messagingServiceSid?: string,
  ) {}

  async send(sms: OutboundSms): Promise<SentSms> {
    const response = await this.request('Messages', 'POST', '', {
      To: sms.to,
      From: sms.from,
      Body: sms.body,
      ...(this.messagingServiceSid ? { MessagingServiceSid: this.messagingServiceSid } : {}),
    });
    const payload = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown; message?: unknown };
    if (response.ok && typeof payload.sid === 'string') return { sid: payload.sid };
    throw refusal(response, payload, 'Twilio refused the message');
  }

  /**
   * Lists the texts from `from` to `to` (Twilio's To and From filters, newest first) and returns the one with this body
   * created in one of the windows of a lost answer. Not the DateSent filter: a message Twilio accepted but has not handed to the carrier yet
   * has no date_sent, and that is just the one a timed-out send leaves behind.
   */
  async findSent(query: SentSmsQuery): Promise<SentSms | undefined> {
    const response = await this.request(
      'Messages',
      'GET',
      `?${new URLSearchParams({ To: query.to, From: query.from, PageSize: String(LOOKUP_PAGE_SIZE) })}`,
    );
    const payload = (await response.json().catch(() => ({}))) as {
      messages?: Array<{ sid?: unknown; body?: unknown; date_created?: unknown }>;
      code?: unknown;
      message?: unknown;
    };
    if (!response.ok || !Array.isArray(payload.messages))
      throw refusal(response, payload, 'Twilio did not list the messages');
    // Twilio's dates have whole seconds, and its clock and ours may differ by a little: a window is widened by a few
    // seconds each side (the same body to the same person that close to a lost answer is not another text).
    const windows = query.windows.map(({ from, until }) => ({
      from: Math.floor(from.getTime() / 1000) * 1000 - CLOCK_SKEW_MS,
      until: until.getTime() + CLOCK_SKEW_MS,
    }));
    const found = payload.messages.find((message) => {
      if (message.body !== query.body || typeof message.sid !== 'string' || typeof message.date_created !== 'string')
        return false;
      const created = Date.parse(message.date_created);
      return windows.some(({ from, until }) => created >= from && created <= until);
    });
    return found ? { sid: found.sid as string } : undefined;
  }

  /** One call to a list resource of the account (Messages, Calls), within the timeout; throws SmsSendError unanswered. */
  async request(
    resource: 'Messages' | 'Calls',
    method: 'GET' | 'POST',
    query: string,
    form?: Record<string, string>,
  ): Promise<Response> {
    const { accountSid, authToken } = await this.credentials();
    const url = `${this.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}.json${query}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          Accept: 'application/json',
          ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: new URLSearchParams(form) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // Duck-typed: fetch's errors come from Node's own realm, not always this one's Error.
      const failure = (typeof error === 'object' && error !== null ? error : {}) as {
        name?: unknown;
        message?: unknown;
        cause?: { code?: unknown };
      };
      const timedOut = failure.name === 'TimeoutError' || failure.name === 'AbortError';
      const code = failure.cause?.code;
      const kind: SendFailureKind =
        !timedOut && typeof code === 'string' && NOT_CONNECTED.has(code) ? 'retryable' : 'ambiguous';
      const what = timedOut
        ? `no answer within ${this.timeoutMs} ms`
        : `${typeof failure.message === 'string' ? failure.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`;
      throw new SmsSendError(`Twilio API unreachable: ${what}`, undefined, undefined, kind);
    }
  }
}

export function refusal(
  response: Response,
  payload: { code?: unknown; message?: unknown },
  what: string,
): SmsSendError {
  const code = typeof payload.code === 'number' ? payload.code : undefined;
  const message = typeof payload.message === 'string' ? payload.message : `HTTP ${response.status}`;
  const retryable = response.status === 429 || code === TWILIO_TOO_MANY_REQUESTS || response.status >= 500;
  return new SmsSendError(`${what}: ${message}`, code, response.status, retryable ? 'retryable' : 'final');
}
