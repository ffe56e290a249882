import { digestSlot } from '../../../shared/domain/after-job/weekly-digest';
import { customerTimeZone } from '../../../shared/domain/after-job/review-request';
import { durationText, weekFigures } from '../../../shared/domain/after-job/week-figures';
import { instantAt, nextLocalHour, weekOf, withinLocalHours } from '../../../shared/domain/common/local-time';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

/** Issue 19: local wall-clock hours (review window, Monday 08:00) across summer time and zones, and the week's figures. */
describe('local clocks', () => {
  it.each([
    ['2026-03-30', 8, 'Europe/London', '2026-03-30T07:00:00.000Z'],
    ['2026-03-23', 8, 'Europe/London', '2026-03-23T08:00:00.000Z'],
    ['2026-10-26', 8, 'Europe/London', '2026-10-26T08:00:00.000Z'],
    ['2026-12-07', 8, 'Asia/Kolkata', '2026-12-07T02:30:00.000Z'],
    ['2026-12-07', 8, 'America/Chicago', '2026-12-07T14:00:00.000Z'],
    ['2026-07-06', 8, 'Australia/Sydney', '2026-07-05T22:00:00.000Z'],
  ])('%s %i:00 in %s is %s', (day, hour, zone, instant) => {
    expect(instantAt(day, hour, zone).toISOString()).toBe(instant);
  });

  it('weeks run Monday to Sunday, whatever the day', () => {
    expect(['2026-11-30', '2026-12-03', '2026-12-06'].map(weekOf)).toEqual(['2026-11-30', '2026-11-30', '2026-11-30']);
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
  });

  it("the review window is the customer's 08:00-21:00, and a held request waits for the next 08:00", () => {
    expect(withinLocalHours(new Date('2026-06-09T06:59:00Z'), 'Europe/London', 8, 21)).toBe(false);
    expect(withinLocalHours(new Date('2026-06-09T07:00:00Z'), 'Europe/London', 8, 21)).toBe(true);
    expect(withinLocalHours(new Date('2026-12-07T21:00:00Z'), 'Europe/London', 8, 21)).toBe(false);
    expect(nextLocalHour(new Date('2026-12-07T21:30:00Z'), 'Europe/London', 8).toISOString()).toBe(
      '2026-12-08T08:00:00.000Z',
    );
    expect(nextLocalHour(new Date('2026-12-08T03:00:00Z'), 'Europe/London', 8).toISOString()).toBe(
      '2026-12-08T08:00:00.000Z',
    );
  });

  it("the customer's clock is their country's where it has one zone, else the business's", () => {
    const business = { twilioNumber: '+447476955110' as E164 };
    expect(customerTimeZone(business, '+353871234567' as E164)).toBe('Europe/Dublin');
    expect(customerTimeZone({ ...business, timeZone: 'America/Chicago' }, '+13125550100' as E164)).toBe(
      'America/Chicago',
    );
    expect(customerTimeZone(business, '+13125550100' as E164)).toBe('Europe/London');
  });

  it('the digest goes within 12 hours of Monday 08:00, for the week before, else waits for the next Monday', () => {
    expect(digestSlot(new Date('2026-12-07T07:59:00Z'), 'Europe/London')).toEqual({
      send: false,
      next: new Date('2026-12-07T08:00:00Z'),
    });
    expect(digestSlot(new Date('2026-12-07T19:59:00Z'), 'Europe/London')).toEqual({
      send: true,
      week: '2026-11-30',
      monday: '2026-12-07',
    });
    expect(digestSlot(new Date('2026-12-07T20:00:00Z'), 'Europe/London')).toEqual({
      send: false,
      next: new Date('2026-12-14T08:00:00Z'),
    });
  });
});

describe("the week's figures", () => {
  const week = { from: new Date('2026-11-30T00:00:00Z'), until: new Date('2026-12-07T00:00:00Z') };
  const open = (ref: number, openedAt: string, lastMessageAt: string, author: string, firstOwnerReplyAt?: string) => ({
    ref,
    customer: `+4479111234${ref}0` as E164,
    openedAt,
    lastMessageAt,
    lastMessageAuthor: author,
    ...(firstOwnerReplyAt ? { firstOwnerReplyAt } : {}),
  });

  it('counts jobs opened in the week (open or closed since), closed, still open, the longest waiting and the median reply', () => {
    const figures = weekFigures(
      week,
      { missedCalls: 4, textedBack: 3 },
      {
        jobs: [
          open(1, '2026-11-20T09:00:00Z', '2026-12-01T10:00:00Z', 'customer'),
          open(2, '2026-12-02T09:00:00Z', '2026-12-02T09:10:00Z', 'owner', '2026-12-02T09:10:00Z'),
          open(3, '2026-12-03T09:00:00Z', '2026-11-29T09:00:00Z', 'customer'),
        ],
        more: false,
      },
      [
        { ref: 4, openedAt: '2026-12-01T08:00:00Z', firstOwnerReplyAt: '2026-12-01T09:00:00Z' },
        { ref: 5, openedAt: '2026-11-25T08:00:00Z', firstOwnerReplyAt: '2026-11-25T08:05:00Z' },
        { ref: 6, openedAt: '2026-12-04T08:00:00Z', firstOwnerReplyAt: '2026-12-04T11:00:00Z' },
      ],
    );

    expect(figures).toEqual({
      missedCalls: 4,
      textedBack: 3,
      jobsOpened: 4,
      jobsClosed: 3,
      stillOpen: 3,
      moreOpen: false,
      oldestUnanswered: { ref: 3, customer: '+447911123430', since: '2026-11-29T09:00:00Z' },
      medianReplyMinutes: 60,
    });
    expect([5, 60, 190, 3000].map(durationText)).toEqual(['5 min', '1 h', '3 h 10 min', '2 days']);
  });
});
