import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable, printableOnOneLine } from '../../admin/terminal-text';
import { ADMIN_SEED, startAdminTarget, type AdminTarget } from './support/admin-target';

// A business name that, printed raw, would clear the screen, retitle the window, and overwrite its own line.
const HOSTILE_NAME = 'Ace\u001b[2J\u001b[31m Plumbing\u001b]0;owned\u0007\r\u001b[0mEvil\u0008\u202e';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for any control character left in the output.
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('admin output never carries terminal escape sequences from the data', () => {
  let target: AdminTarget;
  beforeEach(async () => {
    const [ace, ...others] = ADMIN_SEED.clients;
    target = await startAdminTarget({ ...ADMIN_SEED, clients: [{ ...ace!, businessName: HOSTILE_NAME }, ...others] });
  });
  afterEach(async () => target.close());

  it('clients list prints a business name with its escape sequences and control characters removed', async () => {
    const result = await target.cli('clients', 'list');

    expect(result.stdout).not.toMatch(ANY_CONTROL);
    expect(result.stdout).toMatch(/c1\s+Ace PlumbingEvil\s+\+447400111222/);
  });

  it('clients show and numbers show print the business name cleaned', async () => {
    const shown = [
      (await target.cli('clients', 'show', 'c1')).stdout,
      (await target.cli('numbers', 'show', '+447476955110')).stdout,
    ];

    for (const stdout of shown) {
      expect(stdout).not.toMatch(ANY_CONTROL);
      expect(stdout).toContain('Ace PlumbingEvil');
    }
  });

  it('--json keeps the stored value, escaped by JSON, so nothing is lost for scripts', async () => {
    const result = await target.cli('clients', 'list', '--json');

    expect(result.stdout).not.toMatch(ANY_CONTROL);
    expect(JSON.parse(result.stdout)[0].businessName).toBe(HOSTILE_NAME);
  });

  it('an import prints CSV cells cleaned', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'admin-escapes-')), 'pool.csv');
    await writeFile(
      file,
      'phone_e164,role,client_id,status\n"4474769\u001b[2J55201",SYSTEM,,\n447476955202,"SYS\u001b]0;x\u0007TEM",,\n',
    );

    const result = await target.cli('import', file);

    expect(`${result.stdout}${result.stderr}`).not.toMatch(ANY_CONTROL);
    expect(result.stdout).toMatch(/3\s+447476955202\s+REFUSED\s+role "SYSTEM" is not one of/);
  });
});

describe('printable', () => {
  it.each([
    ['colours', '\u001b[1;31mred\u001b[0m', 'red'],
    ['a window title (OSC)', 'a\u001b]0;title\u0007b', 'ab'],
    ['a hyperlink (OSC 8)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['a carriage return and backspaces', 'paid\rdue\u0008\u0008', 'paiddue'],
    ['a bidi override', 'abc\u202edef', 'abcdef'],
    ['a C1 control', 'a\u009b31mb', 'a31mb'],
    ['a tab', 'a\tb', 'a b'],
  ])('removes %s', (_, raw, clean) => {
    expect(printable(raw)).toBe(clean);
  });

  it('keeps the line breaks of a text (a CRLF becomes one line break), so a three-line SMS prints on three lines', () => {
    expect(printable('#1 New job from +447911123456:\r\nBoiler is leaking\nReply here')).toBe(
      '#1 New job from +447911123456:\nBoiler is leaking\nReply here',
    );
  });

  it('keeps a table cell on one line', () => {
    expect(printableOnOneLine('Ace\nPlumbing')).toBe('Ace Plumbing');
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(printable('Café Ñandú Plumbing 🔧 +44 7476 955110')).toBe('Café Ñandú Plumbing 🔧 +44 7476 955110');
  });
});
