import { NAME_SKELETON_TABLE } from './name-skeleton-table';

let prototypes: Map<string, string> | undefined;

function prototypeTable(): Map<string, string> {
  if (prototypes) return prototypes;
  prototypes = new Map();
  let codePoint = 0;
  for (const entry of NAME_SKELETON_TABLE.split(' ')) {
    const at = entry.indexOf('>');
    codePoint += Number.parseInt(entry.slice(0, at), 36);
    prototypes.set(String.fromCodePoint(codePoint), entry.slice(at + 1));
  }
  return prototypes;
}

/**
 * The Unicode TS #39 skeleton of an accepted business name: NFD, each character replaced by its confusables.txt
 * prototype, NFD again. Two names with one skeleton look alike ("Ace" and "Ace" with a Cyrillic A, "rn" and "m").
 * Exact for every name checkBusinessName accepts (the table covers its whole repertoire), and only for those.
 */
export function nameSkeleton(name: string): string {
  const table = prototypeTable();
  let mapped = '';
  for (const character of name.normalize('NFD')) mapped += table.get(character) ?? character;
  return mapped.normalize('NFD');
}
