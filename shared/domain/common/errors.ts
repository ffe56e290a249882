/** A webhook whose parameters are missing or unusable: answered with a 4xx, nothing else runs. */
export class InvalidWebhookError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidWebhookError';
  }
}

/**
 * A webhook failed where delivering it again is safe: either nothing was stored or sent yet, or what was sent is
 * guarded by its CallSid/MessageSid so a redelivery only finishes the record. Its webhook is put on the redelivery
 * queue and answered 200 (shared/middleware/durable-redelivery.ts); 503 only when that queue cannot be reached.
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

/** A new or renamed business's name has the same TS #39 skeleton as another business's: refused, nothing written. */
export class BusinessNameTakenError extends Error {
  constructor() {
    super('too close to an existing business name');
  }
}
