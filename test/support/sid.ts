import { createHash } from 'node:crypto';

/** The SID prefixes Twilio gives the resources our webhooks name. */
export type SidPrefix = 'CA' | 'SM' | 'MM' | 'AC' | 'RE';

/**
 * A real-shaped Twilio SID for a test: the prefix and 32 hex digits derived from `name`, so `sid('CA', '900')` is the
 * same SID in the arrangement and in the assertion, every run, and a different name is a different SID.
 */
export function sid(prefix: SidPrefix, name: string | number): string {
  return prefix + createHash('md5').update(String(name)).digest('hex');
}
