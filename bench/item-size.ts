/**
 * An item's size as DynamoDB bills it (Developer Guide, "Item sizes and formats"): the UTF-8 length of every attribute
 * name plus its value; a string its UTF-8 bytes; a number about one byte per two significant digits plus one; a
 * boolean or null one byte; a list or map 3 bytes plus one per element plus the elements (and, for a map, the names).
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, element]) => element !== undefined);
    return 3 + entries.reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  }
  return utf8(String(value));
}

function numberSize(value: number): number {
  const digits = Math.abs(value)
    .toExponential()
    .replace(/e.*$/, '')
    .replace('.', '')
    .replace(/^0+|0+$/g, '');
  return 1 + Math.ceil(Math.max(1, digits.length) / 2) + (value < 0 ? 1 : 0);
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Write request units for one write of an item of `bytes` (1 per KB started; twice in a transaction). */
export function writeUnits(bytes: number, transactional = false): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}

/** Read request units for one read of `bytes` (1 per 4 KB started, strongly consistent; half that eventually). */
export function readUnits(bytes: number, consistent = false): number {
  return Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
}
