import type { InvocationFields, LogFields, Logger } from '../../ports/logger';

export type LogWriter = (line: string) => void;

/**
 * One JSON line per entry. Callers pass masked phone numbers; raw events are never logged.
 * Lines written during an invocation carry its `requestId` and `coldStart` (see invocation-log-context).
 */
export class JsonLogger implements Logger {
  private invocation: InvocationFields | undefined;

  constructor(
    private readonly service: string,
    private readonly write: LogWriter = (line) => process.stdout.write(`${line}\n`),
  ) {}

  info(message: string, fields?: LogFields): void {
    this.log('INFO', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('WARN', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('ERROR', message, fields);
  }
  critical(message: string, fields?: LogFields): void {
    this.log('CRITICAL', message, fields);
  }

  /** Replaces, never merges: a clear skipped by an early exit cannot leak one request's id into the next. */
  setInvocation(fields: InvocationFields): void {
    this.invocation = { requestId: fields.requestId, coldStart: fields.coldStart };
  }
  clearInvocation(): void {
    this.invocation = undefined;
  }

  private log(level: string, message: string, fields: LogFields = {}): void {
    this.write(
      JSON.stringify({
        level,
        service: this.service,
        message,
        timestamp: new Date().toISOString(),
        ...this.invocation,
        ...fields,
      }),
    );
  }
}
