/**
 * Opening hours of a business in its own time zone, e.g. `Mon-Fri 08:00-18:00` or `Mon-Fri 08:00-18:00, Sat 09:00-12:00`.
 * Computed with Intl only: wall-clock time in the zone, so summer time is handled by the platform's tz database.
 */

import * as customerText from '../texts/customer-texts';
import type { Language } from '../texts/language';
import type { NextOpening } from '../texts/next-opening';

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface OpeningPeriod {
  /** Days of the week it applies to, 0 = Sunday. */
  days: number[];
  /** Minutes after midnight, local time; `close` > `open`. */
  open: number;
  close: number;
}

export interface BusinessHours {
  /** As the owner wrote it, normalised: `Mon-Fri 08:00-18:00`. */
  text: string;
  periods: OpeningPeriod[];
  timeZone: string;
}

export class BusinessHoursError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessHoursError';
  }
}

const PERIOD = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/** A time zone Intl knows (an IANA name such as Europe/London), or undefined. */
export function validTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Parses `Mon-Fri 08:00-18:00[, Sat 09:00-12:00]`; throws a BusinessHoursError that says what is wrong. */
export function parseBusinessHours(text: string, timeZone: string): BusinessHours {
  const zone = validTimeZone(timeZone);
  if (!zone)
    throw new BusinessHoursError(`unknown time zone ${JSON.stringify(timeZone)} (use a name like Europe/London)`);
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) throw new BusinessHoursError('hours are empty (write them like Mon-Fri 08:00-18:00)');
  const periods = parts.map((part) => {
    const match = PERIOD.exec(part);
    if (!match) throw new BusinessHoursError(`"${part}" is not like Mon-Fri 08:00-18:00`);
    const [, first, last, openH, openM, closeH, closeM] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
      string,
      string,
    ];
    const from = dayIndex(first);
    const to = last ? dayIndex(last) : from;
    const days: number[] = [];
    for (let day = from; ; day = (day + 1) % 7) {
      days.push(day);
      if (day === to) break;
    }
    const open = minutes(openH, openM, part);
    const close = minutes(closeH, closeM, part);
    if (close <= open) throw new BusinessHoursError(`"${part}": closing time must be after opening time`);
    return { days, open, close };
  });
  return { text: parts.map(normalisedPeriod).join(', '), periods, timeZone: zone };
}

function dayIndex(name: string): number {
  const index = DAYS.findIndex((day) => day.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new BusinessHoursError(`"${name}" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index;
}

function minutes(hours: string, mins: string, part: string): number {
  const h = Number(hours);
  const m = Number(mins);
  if (h > 24 || m > 59 || (h === 24 && m !== 0))
    throw new BusinessHoursError(`"${part}": ${hours}:${mins} is not a time of day`);
  return h * 60 + m;
}

function normalisedPeriod(part: string): string {
  const match = PERIOD.exec(part) as RegExpExecArray;
  const day = (name: string) => DAYS[dayIndex(name)] as string;
  const time = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;
  return `${day(match[1] as string)}${match[2] ? `-${day(match[2])}` : ''} ${time(match[3] as string, match[4] as string)}-${time(match[5] as string, match[6] as string)}`;
}

interface LocalTime {
  day: number;
  minute: number;
}

/** The wall-clock day and minute in the zone at `at`. */
function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { day: dayIndex(get('weekday')), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function isOpen(hours: BusinessHours, at: Date): boolean {
  const { day, minute } = localTime(at, hours.timeZone);
  return hours.periods.some((period) => period.days.includes(day) && minute >= period.open && minute < period.close);
}

/**
 * When the business next opens after `at`, as the caller would say it in `language`: "at 08:00", "tomorrow at 08:00",
 * "on Monday at 08:00" ("mañana a las 08:00"). Undefined when it is open now.
 */
export function nextOpening(hours: BusinessHours, at: Date, language: Language = 'en'): string | undefined {
  const next = nextOpeningTime(hours, at);
  return next && customerText.opensAt[language](next);
}

function nextOpeningTime(hours: BusinessHours, at: Date): NextOpening | undefined {
  if (isOpen(hours, at)) return undefined;
  const { day, minute } = localTime(at, hours.timeZone);
  for (let offset = 0; offset <= 7; offset += 1) {
    const candidateDay = (day + offset) % 7;
    const opens = hours.periods
      .filter((period) => period.days.includes(candidateDay) && (offset > 0 || period.open > minute))
      .map((period) => period.open)
      .sort((a, b) => a - b)[0];
    if (opens === undefined) continue;
    const time = `${String(Math.floor(opens / 60)).padStart(2, '0')}:${String(opens % 60).padStart(2, '0')}`;
    return { daysAhead: offset, day: candidateDay, time };
  }
  return undefined;
}
