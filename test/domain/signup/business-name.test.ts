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
    expect(checkBusinessName('🔧'.repeat(40))).toEqual({ ok: true, name: '🔧'.repeat(40) });
  });

  it('removes control characters, lone surrogates and the XML non-characters, and turns line breaks into one space', () => {
    expect(checkBusinessName('Ace\u0000\u0007\u001b Plumbing\r\n\tLtd\uFFFE\uD800\u0085')).toEqual({
      ok: true,
      name: 'Ace Plumbing Ltd',
    });
  });

  it('removes invisible direction and zero-width characters', () => {
    expect(checkBusinessName('Ace\u202E gnibmulP\u200B')).toEqual({ ok: true, name: 'Ace gnibmulP' });
  });

  it('a name that is only control characters is too short once cleaned', () => {
    expect(checkBusinessName('\u0007\u0008\u0009x')).toEqual({ ok: false, reason: 'length' });
  });
});
