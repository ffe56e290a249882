/** A webhook whose parameters are missing or unusable: answered with a 4xx, nothing else runs. */
export class InvalidWebhookError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidWebhookError';
  }
}

/** An inbound message could not be stored: answered with a 503 so Twilio's retry or fallback brings it again. */
export class MessageNotStoredError extends Error {
  constructor(readonly messageSid: string, options?: { cause?: unknown }) {
    super(`message ${messageSid} could not be stored`, options);
    this.name = 'MessageNotStoredError';
  }
}
