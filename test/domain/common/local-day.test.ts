import { dayBefore, dayCounterExpiry, localDay } from '../../../shared/domain/common/local-day';
import { businessDay } from '../../../shared/domain/calls/call-settings';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

/** The hours (UTC, on the hour) from `from` to `to` whose local date in `zone` is `day`. */
function hoursOfDay(zone: string, day: string, from: string, to: string): number {
  let hours = 0;
  for (let at = Date.parse(from); at < Date.parse(to); at += 3_600_000)
    if (localDay(new Date(at), zone) === day) hours += 1;
  return hours;
}

describe('the local day of a moment', () => {
  it.each([
    ['Europe/London', '2026-06-14T22:59:59Z', '2026-06-14', '2026-06-14T23:00:00Z', '2026-06-15'],
    ['Australia/Sydney', '2026-12-06T12:59:59Z', '2026-12-06', '2026-12-06T13:00:00Z', '2026-12-07'],
    ['America/Los_Angeles', '2026-12-07T07:59:59Z', '2026-12-06', '2026-12-07T08:00:00Z', '2026-12-07'],
  ])('in %s turns at its own midnight', (zone, before, dayBeforeMidnight, after, dayAfterMidnight) => {
    expect(localDay(new Date(before), zone)).toBe(dayBeforeMidnight);
    expect(localDay(new Date(after), zone)).toBe(dayAfterMidnight);
  });

  it.each([
    ['Europe/London', '2026-03-29', 23],
    ['Europe/London', '2026-10-25', 25],
    ['Australia/Sydney', '2026-10-04', 23],
    ['Australia/Sydney', '2026-04-05', 25],
    ['America/Los_Angeles', '2026-03-08', 23],
    ['America/Los_Angeles', '2026-11-01', 25],
  ])('in %s on %s (a summer-time change) lasts %i hours', (zone, day, hours) => {
    expect(hoursOfDay(zone, day, `${dayBefore(day, 1)}T00:00:00Z`, `${dayBefore(day, -2)}T00:00:00Z`)).toBe(hours);
  });

  it('in a zone Intl does not know is the UTC date', () => {
    expect(localDay(new Date('2026-12-06T23:30:00Z'), 'Mars/Olympus')).toBe('2026-12-06');
  });

  it('counts calendar days back across months and years', () => {
    expect(dayBefore('2026-03-01', 2)).toBe('2026-02-27');
    expect(dayBefore('2027-01-01', 1)).toBe('2026-12-31');
  });
});

describe("a business's day", () => {
  const client = (twilioNumber: string, timeZone?: string) => ({
    twilioNumber: twilioNumber as E164,
    ...(timeZone ? { timeZone } : {}),
  });
  const at = new Date('2026-12-06T20:00:00Z');

  it('is counted in the zone of its HOURS', () => {
    expect(businessDay(client('+447476955110', 'Australia/Sydney'), at)).toBe('2026-12-07');
  });

  it("is its number's country's zone without HOURS, else the deployment's (UTC)", () => {
    expect(businessDay(client('+447476955110'), new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
    expect(businessDay(client('+14155550100'), at)).toBe('2026-12-06');
  });
});

describe("a day's counter", () => {
  it('outlives the day in every zone: from UTC+14 (starts 14 hours before UTC) to UTC-12 (ends 12 hours after)', () => {
    const day = '2026-12-07';
    const startsAt = (Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000) / 1000;
    const endsAt = (Date.parse(`${day}T00:00:00Z`) + 36 * 3_600_000) / 1000;
    expect(localDay(new Date(startsAt * 1000), 'Pacific/Kiritimati')).toBe(day);
    expect(localDay(new Date(endsAt * 1000 - 1000), 'Etc/GMT+12')).toBe(day);
    expect(dayCounterExpiry(day)).toBeGreaterThan(endsAt);
    expect(dayCounterExpiry(day) - startsAt).toBeLessThan(4 * 86_400);
  });
});
