import type { Client } from '../numbers/number-role';
import { DEPLOYMENT_TIME_ZONE, localDay, type LocalDay } from '../common/local-day';
import { isOpen, nextOpening, parseBusinessHours, type BusinessHours } from './business-hours';
import { languageOf } from '../texts/language';

/** The client's opening hours, or undefined when it has none (open all the time) or they no longer parse. */
export function businessHoursOf(client: Client): BusinessHours | undefined {
  if (!client.hours || !client.timeZone) return undefined;
  try {
    return parseBusinessHours(client.hours, client.timeZone);
  } catch {
    // Stored hours are validated when set; an unreadable value never closes a business.
    return undefined;
  }
}

/** Whether the business is closed at `at`, and if so when it next opens, in its language ("tomorrow at 08:00"). */
export function openingOf(client: Client, at: Date): { closed: false } | { closed: true; opens?: string } {
  const hours = businessHoursOf(client);
  if (!hours || isOpen(hours, at)) return { closed: false };
  const opens = nextOpening(hours, at, languageOf(client));
  return { closed: true, ...(opens ? { opens } : {}) };
}

/** A business number's time zone when its country has one; undefined where it has several (NANP, Australia). */
export function defaultTimeZone(business: string): string | undefined {
  if (business.startsWith('+44')) return 'Europe/London';
  if (business.startsWith('+353')) return 'Europe/Dublin';
  return undefined;
}

/**
 * The zone a business's day is counted in: the zone of its `HOURS`, else its number's country's zone (UK, Ireland),
 * else the deployment's zone. It comes with the client record the role gate read: no extra read.
 */
export function businessTimeZone(client: Pick<Client, 'timeZone' | 'twilioNumber'>): string {
  return client.timeZone ?? defaultTimeZone(client.twilioNumber) ?? DEPLOYMENT_TIME_ZONE;
}

/** The business's own calendar day at `at`: the day its daily caps and budgets count. */
export function businessDay(client: Pick<Client, 'timeZone' | 'twilioNumber'>, at: Date): LocalDay {
  return localDay(at, businessTimeZone(client));
}
