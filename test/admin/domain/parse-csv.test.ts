import { CsvError, parseCsv } from '../../../shared/domain/admin/parse-csv';

describe('parseCsv', () => {
  it('reads plain, quoted and empty fields, with the line each record starts on', () => {
    const text =
      'phone_e164,role,client_id,status\r\n447476955110,"OPERATIONAL","c1, Ace",\n\n"44 7476 ""955130""",SYSTEM,,AVAILABLE\n';

    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['phone_e164', 'role', 'client_id', 'status'] },
      { line: 2, fields: ['447476955110', 'OPERATIONAL', 'c1, Ace', ''] },
      { line: 4, fields: ['44 7476 "955130"', 'SYSTEM', '', 'AVAILABLE'] },
    ]);
  });

  it('keeps line breaks inside quotes and counts lines past them', () => {
    expect(parseCsv('a,"two\nlines"\nb,c')).toEqual([
      { line: 1, fields: ['a', 'two\nlines'] },
      { line: 3, fields: ['b', 'c'] },
    ]);
  });

  it('ignores a byte-order mark and a missing final newline', () => {
    expect(parseCsv('\uFEFFx,y')).toEqual([{ line: 1, fields: ['x', 'y'] }]);
  });

  it('refuses an unclosed quote, naming its line', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(new CsvError('line 2: a quoted field is never closed'));
  });
});
