import * as customerText from '../../../shared/domain/texts/customer-texts';
import * as en from '../../../shared/domain/texts/en';
import * as es from '../../../shared/domain/texts/es';
import { LANGUAGES } from '../../../shared/domain/texts/language';
import { smsSegments, ucs2CharacterIn } from '../../../shared/domain/sending/sms-length';
import { isOpen, nextOpening, parseBusinessHours } from '../../../shared/domain/calls/business-hours';

/** Issue 19 §6: one catalogue per language, the same texts in each. */
const CATALOGUES = { en, es } as const;
/** The catalogues as plain records, read by key. */
const english: Record<string, unknown> = CATALOGUES.en;
const spanish: Record<string, unknown> = CATALOGUES.es;
/** Sample arguments for every text that takes some: a short and a 40-character business name (sign-up's maximum). */
const NAMES = ['Ace Plumbing', 'A'.repeat(40)];
const sample = (text: unknown, name: string): string =>
  typeof text === 'string'
    ? text
    : (text as (...args: unknown[]) => string)(
        ...((text as { length: number }).length === 1 ? [name] : [name, 'tomorrow at 08:00']),
      );

describe('the customer text catalogues', () => {
  it('every language has every key, and no other', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(CATALOGUES[language]).sort()).toEqual(Object.keys(en).sort());
    }
  });

  it('every entry of customer-texts.ts has every language, and every catalogue key has its entry there', () => {
    expect(Object.keys(customerText).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(customerText))
      expect([key, Object.keys(entry as object).sort()]).toEqual([key, [...LANGUAGES].sort()]);
  });

  it('no Spanish text is accidentally the English one', () => {
    for (const key of Object.keys(english)) {
      if (key === 'opensAt') continue;
      expect([key, sample(spanish[key], 'Ace Plumbing')]).not.toEqual([key, sample(english[key], 'Ace Plumbing')]);
    }
  });

  it.each(['textBack', 'textBackClosed', 'customerAcknowledgement', 'customerHelp', 'optedOut'] as const)(
    'the Spanish %s is GSM-7 and costs no more segments than the English one',
    (key) => {
      for (const name of NAMES) {
        const text = sample(spanish[key], name);
        expect([text, ucs2CharacterIn(text)]).toEqual([text, undefined]);
        expect(smsSegments(text).segments).toBeLessThanOrEqual(smsSegments(sample(english[key], name)).segments);
      }
    },
  );

  it('the opt-out line names a word that opts out, and is GSM-7', () => {
    expect(es.optOutLine).toContain('PARAR');
    expect(ucs2CharacterIn(es.optOutLine)).toBeUndefined();
  });
});

describe('when a closed business opens, in Spanish', () => {
  const london = parseBusinessHours('Mon-Fri 08:00-18:00, Sat 01:00-12:00', 'Europe/London');

  it.each([
    ['2026-03-27T07:30:00Z', 'hoy a las 08:00'],
    ['2026-07-15T19:00:00Z', 'mañana a las 08:00'],
    ['2026-07-11T13:00:00Z', 'el lunes a las 08:00'],
    ['2026-07-10T19:00:00Z', 'mañana a la 01:00'],
  ])('at %s: "%s"', (at, spanish) => {
    expect(isOpen(london, new Date(at))).toBe(false);
    expect(nextOpening(london, new Date(at), 'es')).toBe(spanish);
  });

  it('a Saturday opening is written "sábado", which makes the closed text-back UCS-2: measured, at most 4 segments', () => {
    const saturday = es.opensAt({ daysAhead: 3, day: 6, time: '09:00' });
    expect(saturday).toBe('el sábado a las 09:00');
    for (const name of NAMES) {
      const text = es.textBackClosed(name, saturday);
      expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2' });
      expect(smsSegments(text).segments).toBeLessThanOrEqual(4);
    }
  });
});

describe('the emergency safety reply, in both languages', () => {
  it.each([
    ['+447476955110', 'gas', '0800 111 999'],
    ['+447476955110', 'co', '999'],
    ['+353851234567', 'gas', '1800 20 50 50'],
    ['+14155550100', 'gas', '911'],
    ['+61412345678', 'water', '000'],
  ])('for a business on %s, hazard %s, names %s; the Spanish one is GSM-7', (business, hazard, line) => {
    for (const language of LANGUAGES) {
      const reply = customerText.emergencySafetyReply[language]('Ace Plumbing', business, hazard);
      expect(reply).toContain(line);
      expect(reply).toContain('Ace Plumbing');
      expect(reply.endsWith(CATALOGUES[language].optOutLine)).toBe(true);
      expect([reply, ucs2CharacterIn(reply)]).toEqual([reply, undefined]);
    }
  });

  it('a country without a table entry is told to call its emergency number, in its language', () => {
    expect(es.emergencySafetyReply('Ace Plumbing', '+33612345678', 'co')).toContain('llame al servicio de emergencias');
    expect(en.emergencySafetyReply('Ace Plumbing', '+33612345678', 'co')).toContain('call your emergency number');
  });
});
