/** Structured log fields. Phone numbers must be masked before they get here (maskPhoneNumber). */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Breaks an invariant: pages on-call through its metric's alarm. */
  critical(message: string, fields?: LogFields): void;
}
