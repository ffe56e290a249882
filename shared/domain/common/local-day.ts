/**
 * Calendar days as a business lives them: daily caps and budgets count the day in the business's own time zone, so a
 * business in Sydney or California is not reset at UTC midnight in the middle of its working day. Intl only: the
 * platform's time-zone data handles summer time (a local day of 23 or 25 hours), with no dependency.
 */

/** A calendar date, `YYYY-MM-DD`, in some time zone. */
export type LocalDay = string;

/** The deployment's own zone: the onboarding number's caps, and a business whose zone is not known. */
export const DEPLOYMENT_TIME_ZONE = 'UTC';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The date at `at` in `timeZone` (an IANA name); a zone Intl does not know counts in the deployment's zone. */
export function localDay(at: Date, timeZone: string): LocalDay {
  let format: Intl.DateTimeFormat;
  try {
    format = formatFor(timeZone);
  } catch {
    format = formatFor(DEPLOYMENT_TIME_ZONE);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The calendar date `days` before `day` (calendar arithmetic: no time zone involved). */
export function dayBefore(day: LocalDay, days: number): LocalDay {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * When a counter of `day` may expire, in epoch seconds: after that day has ended in every zone (the last one to end it
 * is 12 hours behind UTC; a 25-hour summer-time day is still inside it), with a day's margin for a late callback.
 */
export function dayCounterExpiry(day: LocalDay): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400;
}
