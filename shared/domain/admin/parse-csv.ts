export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  /** The file line the record starts on (1-based), for reports. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, `""` for a quote inside one, quoted fields may
 * hold commas and line breaks; LF or CRLF line ends; a leading byte-order mark is ignored; blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let index = 0;
  let quotedField = false;

  const endField = () => {
    fields.push(field);
    field = '';
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (index < input.length) {
    const char = input[index] as string;
    if (char === '"' && field === '' && !quotedField) {
      const start = line;
      index += 1;
      for (;;) {
        if (index >= input.length) throw new CsvError(`line ${start}: a quoted field is never closed`);
        const inner = input[index] as string;
        if (inner === '"') {
          if (input[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (inner === '\n') line += 1;
        field += inner;
        index += 1;
      }
      quotedField = true;
      const next = input[index];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvError(`line ${line}: unexpected text after a quoted field`);
      }
      continue;
    }
    if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      endRecord();
      if (char === '\r' && input[index + 1] === '\n') index += 1;
      line += 1;
      recordLine = line;
    } else {
      if (quotedField) throw new CsvError(`line ${line}: unexpected text after a quoted field`);
      field += char;
    }
    index += 1;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}
