/** Structured log fields. Phone numbers must be masked before they get here (maskPhoneNumber). */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

/** What every line of one Lambda invocation carries, so its lines can be found together. */
export interface InvocationFields {
  requestId: string;
  /** True only for the first invocation a container serves. */
  coldStart: boolean;
}

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Breaks an invariant: pages on-call through its metric's alarm. */
  critical(message: string, fields?: LogFields): void;
  /** Adds these fields to every line until cleared; set by the invocation-log-context middleware. Optional: silent and recording loggers need not keep them. */
  setInvocation?(fields: InvocationFields): void;
  clearInvocation?(): void;
}
