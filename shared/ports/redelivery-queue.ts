/**
 * A webhook whose signature was verified but whose work could not finish (DynamoDB or Twilio's API failing):
 * its parameters, kept so the same use case can finish it later. Twilio never redelivers a 5xx on a status callback
 * or an SMS webhook, so this queue is what keeps it.
 */
export interface QueuedWebhook {
  /** The route it arrived on, e.g. `/twilio/sms`. */
  route: string;
  /** Its form parameters as the webhook parsed them (repeated keys as arrays), already signature-checked. */
  params: Record<string, string | string[] | undefined>;
  /** When Twilio delivered it (ISO 8601). */
  receivedAt: string;
}

/** Where unfinished webhooks wait to be finished; a consumer on the other end runs the same use case again. */
export interface RedeliveryQueue {
  /** Throws when the queue cannot be reached: then, and only then, Twilio is answered 503. */
  enqueue(webhook: QueuedWebhook): Promise<void>;
}
