import { isOpen, nextOpening, parseBusinessHours } from '../../shared/domain/calls/business-hours';

const london = parseBusinessHours('mon-fri 8:00-18:00', 'Europe/London');

describe('business hours', () => {
  it('are normalised as the owner will read them back', () => {
    expect(london.text).toBe('Mon-Fri 08:00-18:00');
  });

  it('are open on a weekday in the winter at 08:00 GMT', () => {
    expect(isOpen(london, new Date('2026-01-12T08:00:00Z'))).toBe(true);
  });

  it('follow summer time: 07:30 UTC is 08:30 in London in July, so open', () => {
    expect(isOpen(london, new Date('2026-07-13T07:30:00Z'))).toBe(true);
  });

  it('follow summer time: 17:30 UTC is 18:30 in London in July, so closed', () => {
    expect(isOpen(london, new Date('2026-07-13T17:30:00Z'))).toBe(false);
  });

  it('on the Monday after the clocks go forward, 07:30 UTC is 08:30 local: open', () => {
    expect(isOpen(london, new Date('2026-03-30T07:30:00Z'))).toBe(true);
  });

  it('on the Friday before, 07:30 UTC is 07:30 local: closed, opening today at 08:00', () => {
    expect(nextOpening(london, new Date('2026-03-27T07:30:00Z'))).toBe('today at 08:00');
  });

  it('on a Saturday the next opening is on Monday', () => {
    expect(nextOpening(london, new Date('2026-07-11T10:00:00Z'))).toBe('on Monday at 08:00');
  });

  it('after closing on a Wednesday the next opening is tomorrow', () => {
    expect(nextOpening(london, new Date('2026-07-15T19:00:00Z'))).toBe('tomorrow at 08:00');
  });

  it('use the wall clock of the business, not of the server: 23:30 UTC Sunday is Monday 09:30 in Sydney', () => {
    expect(
      isOpen(parseBusinessHours('Mon-Fri 08:00-18:00', 'Australia/Sydney'), new Date('2026-07-12T23:30:00Z')),
    ).toBe(true);
  });

  it('take several periods, e.g. a Saturday morning', () => {
    const hours = parseBusinessHours('Mon-Fri 08:00-18:00, Sat 09:00-12:00', 'Europe/London');
    expect(isOpen(hours, new Date('2026-07-11T09:30:00Z'))).toBe(true);
  });

  it.each([
    ['Mon-Fri 18:00-08:00', 'Europe/London', /closing time must be after opening time/],
    ['Mon-Fry 08:00-18:00', 'Europe/London', /"Fry" is not a day/],
    ['Mon-Fri 25:00-26:00', 'Europe/London', /is not a time of day/],
    ['Mon-Fri 08:00-18:00', 'Mars/Olympus', /unknown time zone/],
    ['weekdays', 'Europe/London', /is not like Mon-Fri 08:00-18:00/],
  ])('refuse %s in %s, saying why', (text, zone, message) => {
    expect(() => parseBusinessHours(text, zone)).toThrow(message);
  });
});
