import type { NumberEntry } from '../../ports/number-directory';

/** True when the directory knows this number as one of ours: in the number table or owned by a client. */
export function isOurNumber(entry: NumberEntry): boolean {
  return entry.record !== undefined || entry.owner !== undefined;
}
