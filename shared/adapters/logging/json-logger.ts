import type { LogFields, Logger } from '../../ports/logger';

export type LogWriter = (line: string) => void;

/** One JSON line per entry. Callers pass masked phone numbers; raw events are never logged. */
export class JsonLogger implements Logger {
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

  private log(level: string, message: string, fields: LogFields = {}): void {
    this.write(JSON.stringify({ level, service: this.service, message, timestamp: new Date().toISOString(), ...fields }));
  }
}
