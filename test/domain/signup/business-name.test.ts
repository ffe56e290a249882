import { checkBusinessName } from '../../../shared/domain/signup/business-name';

describe('checkBusinessName', () => {
  it.each([
    'Dave Builds',
    'St. Ives Plumbing',
    'Smith & Sons Ltd.',
    'A1 Plumbing 2000',
    '24/7 Heating',
    'J.R. Electrical',
    'Éamon Ó Súilleabháin',
    'Ün',
    'Dave’s Heating',
    'Łódź Glaziers',
    'Nguyễn Plumbing',
    'Ștefan Builds',
  ])('%p is a fine business name', (name) => {
    expect(checkBusinessName(name)).toEqual({ ok: true, name });
  });

  it.each([
    ['FREE PRIZE txt CLAIM to evil.example', 'link'],
    ['see https://x.test', 'link'],
    ['www.plumber', 'link'],
    ['plumbing.co.uk', 'link'],
    ['win@prize.test', 'email'],
    ['Call 0906 123 4567', 'phone-number'],
    ['Text +44 7700 900123', 'phone-number'],
    ['(0871) 123-4567 Ltd', 'phone-number'],
  ])('%p is refused: %s', (name, reason) => {
    expect(checkBusinessName(name)).toEqual({ ok: false, reason });
  });

  it('is 2 to 40 characters, counted as characters, not UTF-16 units', () => {
    expect(checkBusinessName('A')).toEqual({ ok: false, reason: 'length' });
    expect(checkBusinessName('A'.repeat(41))).toEqual({ ok: false, reason: 'length' });
    expect(checkBusinessName('Ŵ'.repeat(40))).toEqual({ ok: true, name: 'Ŵ'.repeat(40) });
    expect(checkBusinessName('W\u0302'.repeat(40))).toEqual({ ok: true, name: 'Ŵ'.repeat(40) });
  });

  it('removes control characters, lone surrogates and the XML non-characters, and turns line breaks into one space', () => {
    expect(checkBusinessName('Ace\u0000\u0007\u001b Plumbing\r\n\tLtd\uFFFE\uD800\u0085')).toEqual({
      ok: true,
      name: 'Ace Plumbing Ltd',
    });
  });

  it.each([
    ['a right-to-left override', 'Ace\u202E gnibmulP'],
    ['a zero-width space', 'Ace\u200BPlumbing'],
    ['Hangul fillers (U+3164, U+FFA0)', 'Ace\u3164Plumbing\uFFA0'],
    ['a braille blank (U+2800)', 'Ace\u2800Plumbing'],
    ['tag characters', 'Ace Plumbing\u{E0041}\u{E0042}'],
    ['a variation selector', 'Ace Plumbing\uFE0F'],
    ['a soft hyphen', 'Ace Plum\u00ADbing'],
    ['a Mongolian vowel separator (a format character)', 'Ace\u180EPlumbing'],
  ])('%s is refused, not stripped: invisible', (_what, name) => {
    expect(checkBusinessName(name)).toEqual({ ok: false, reason: 'invisible' });
  });

  it('is NFKC-normalised first: full-width digits and dots meet the phone and link rules, and the stored name is normalised', () => {
    expect(checkBusinessName('evil\uFF0Ecom')).toEqual({ ok: false, reason: 'link' });
    expect(checkBusinessName('Call \uFF10\uFF19\uFF10\uFF16 \uFF11\uFF12\uFF13 \uFF14\uFF15\uFF16\uFF17')).toEqual({
      ok: false,
      reason: 'phone-number',
    });
    expect(checkBusinessName('\uFF21ce \uFF30lumbing')).toEqual({ ok: true, name: 'Ace Plumbing' });
    expect(checkBusinessName('Ace\u00A0Plumbing')).toEqual({ ok: true, name: 'Ace Plumbing' });
  });

  it('a Latin name with a letter of another script is refused: mixed-script (TS #39)', () => {
    expect(checkBusinessName('\u0410ce Plumbing')).toEqual({ ok: false, reason: 'mixed-script' });
    expect(checkBusinessName('Ace Plumbing \u03B1')).toEqual({ ok: false, reason: 'mixed-script' });
  });

  it.each([
    ['Greek only', 'Αθήνα Υδραυλικά'],
    ['Cyrillic only', 'Сантехник'],
    ['emoji', '🔧 Dave Builds'],
    ['IPA letters', 'Dɑve Builds'],
    ['math symbols', 'Dave ∑ Builds'],
  ])('outside the Latin repertoire the skeleton is exact for is refused: %s', (_what, name) => {
    expect(checkBusinessName(name)).toEqual({ ok: false, reason: 'characters' });
  });

  it('a name that is only control characters is too short once cleaned', () => {
    expect(checkBusinessName('\u0007\u0008\u0009x')).toEqual({ ok: false, reason: 'length' });
  });
});
