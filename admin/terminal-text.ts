// Terminal escape sequences: CSI (colours, cursor moves, screen clears), OSC (window titles, hyperlinks, clipboard
// writes), and the other two-character ESC sequences.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
const OTHER_ESCAPE = /\u001b[@-_]?/g;
// C0 and C1 control characters but the line feed, and DEL (a carriage return or backspace can overwrite what was
// printed), and the Unicode bidirectional overrides and isolates that reorder what a terminal shows.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks as texts carry them (CRLF, and the Unicode line and paragraph separators), made one line feed. */
const LINE_BREAK = /\r\n|[\u2028\u2029]/g;

/**
 * Text from the data (business names, SMS bodies, CSV cells, anything read from DynamoDB or a file) as it may be
 * printed: every terminal escape sequence and control character removed, so a stored value cannot recolour, rewrite
 * or hide what an operator reads. Line breaks stay (a text of three lines is printed as three lines; a lone carriage
 * return, which would overwrite the line, goes) and a tab becomes a space. Every printer in admin/
 * (admin/output.ts, the error report) goes through it.
 */
export function printable(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL, '');
}

/** `printable`, on one line: for a table cell, where a line break would break the columns. */
export function printableOnOneLine(text: string): string {
  return printable(text).replace(/\n+/g, ' ');
}
