import { readFileSync } from 'node:fs';
import confusables from 'unhomoglyph/data.json';
import {
  encodeNameSkeletonTable,
  NAME_SKELETON_TABLE_FILE,
  nameSkeletonPrototypes,
  nameSkeletonTableModule,
  skeletonInputCharacters,
} from '../../lib/name-skeleton-table';

const unicodeConfusables = confusables as Record<string, string>;

describe('the name skeleton table (generated from Unicode confusables.txt)', () => {
  it('is committed exactly as a fresh generation (npm run name-skeleton-table rewrites it)', () => {
    expect(readFileSync(NAME_SKELETON_TABLE_FILE, 'utf8')).toBe(nameSkeletonTableModule());
  });

  it("holds every confusables.txt entry whose source a name's skeleton can meet, and no other", () => {
    const inputs = skeletonInputCharacters();
    const expected = Object.entries(unicodeConfusables).filter(([source]) => inputs.has(source));

    expect(new Map(nameSkeletonPrototypes())).toEqual(new Map(expected));
    expect(expected.length).toBeGreaterThan(50);
  });

  it('decodes back to the same entries', () => {
    const prototypes = nameSkeletonPrototypes();
    const encoded = encodeNameSkeletonTable(prototypes);
    let codePoint = 0;
    const decoded = encoded.split(' ').map((entry) => {
      const at = entry.indexOf('>');
      codePoint += Number.parseInt(entry.slice(0, at), 36);
      return [String.fromCodePoint(codePoint), entry.slice(at + 1)];
    });
    expect(decoded).toEqual(prototypes);
  });
});
