/** A webhook whose parameters are missing or unusable: answered with a 4xx, nothing else runs. */
export class InvalidWebhookError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidWebhookError';
  }
}

/**
 * A webhook failed before anything was stored or sent, so delivering it again is safe and loses nothing:
 * answered with a 503 so Twilio's retry or fallback URL brings it again.
 */
export class NothingDoneYetError extends Error {
  constructor(readonly sid: string, options?: { cause?: unknown }) {
    super(`${sid} failed before anything was stored or sent`, options);
    this.name = 'NothingDoneYetError';
  }
}
