import { dayBefore, localDay, type LocalDay } from './local-day';

/*
 * Wall-clock times in a business's (or a customer's) zone, for what must happen at a local hour: a review request
 * between 08:00 and 21:00, the digest on Monday at 08:00. Intl only, as local-day.ts: summer time moves the UTC
 * instant, never the local hour.
 */

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock minute at `at` in `timeZone`, as if it were UTC (epoch ms): its difference from `at` is the offset. */
function wallClock(at: Date, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    clockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute);
}

/** The local hour (0-23) at `at` in `timeZone`. */
export function localHour(at: Date, timeZone: string): number {
  return new Date(wallClock(at, timeZone)).getUTCHours();
}

/** The Monday of the week (Monday to Sunday) that `day` is in: calendar arithmetic, no zone involved. */
export function weekOf(day: LocalDay): LocalDay {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dayBefore(day, (weekday + 6) % 7);
}

/** The calendar date `days` after `day`. */
export function dayAfter(day: LocalDay, days: number): LocalDay {
  return dayBefore(day, -days);
}

/**
 * The instant `day` at `hour`:00 is on the clocks of `timeZone`. An hour that summer time skips (01:00 in London on its
 * spring Sunday) is the instant after the gap; none of ours (08:00, 21:00) ever is.
 */
export function instantAt(day: LocalDay, hour: number, timeZone: string): Date {
  const wanted = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  let at = wanted;
  // Two corrections settle any zone: the second only matters when the first guess fell across a change of offset.
  for (let pass = 0; pass < 2; pass += 1) {
    at += wanted - wallClock(new Date(at), timeZone);
  }
  return new Date(at);
}

/** Whether `at` falls within [from:00, until:00) on the clocks of `timeZone`. */
export function withinLocalHours(at: Date, timeZone: string, from: number, until: number): boolean {
  const hour = localHour(at, timeZone);
  return hour >= from && hour < until;
}

/** The next time the clocks of `timeZone` show `from`:00 after `at` (today's, if not yet passed). */
export function nextLocalHour(at: Date, timeZone: string, from: number): Date {
  const today = localDay(at, timeZone);
  const todays = instantAt(today, from, timeZone);
  return todays.getTime() > at.getTime() ? todays : instantAt(dayAfter(today, 1), from, timeZone);
}
