import type { Logger } from '../shared/ports/logger';

/** For domain calls the CLI makes only to read an answer (a number's role): their log lines are not the operator's. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  critical: () => undefined,
};
