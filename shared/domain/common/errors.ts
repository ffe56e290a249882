/** A webhook whose parameters are missing or unusable: answered with a 4xx, nothing else runs. */
export class InvalidWebhookError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidWebhookError';
  }
}

/**
 * A webhook failed where delivering it again is safe: either nothing was stored or sent yet, or what was sent is
 * guarded by its CallSid/MessageSid so a redelivery only finishes the record. Answered with a 503 so Twilio's retry
 * or fallback URL brings it again.
 */
export class RetryableWebhookError extends Error {
  constructor(
    readonly sid: string,
    options?: { cause?: unknown },
  ) {
    super(`${sid} failed and may be delivered again`, options);
    this.name = 'RetryableWebhookError';
  }
}
