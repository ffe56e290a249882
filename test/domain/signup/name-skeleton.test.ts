import fc from 'fast-check';
import confusables from 'unhomoglyph/data.json';
import { skeletonInputCharacters } from '../../../lib/name-skeleton-table';
import { acceptsNameCharacter } from '../../../shared/business-name-repertoire';
import { checkBusinessName } from '../../../shared/domain/signup/business-name';
import { nameSkeleton } from '../../../shared/domain/signup/name-skeleton';

/** TS #39 skeleton with Unicode's whole confusables.txt: NFD, map every character to its prototype, NFD. */
const unicodeConfusables = confusables as Record<string, string>;
function referenceSkeleton(text: string): string {
  return [...text.normalize('NFD')]
    .map((character) => unicodeConfusables[character] ?? character)
    .join('')
    .normalize('NFD');
}

/** Every character a stored (NFKC-normalised) name may hold. */
const acceptedCharacters: string[] = [];
for (let codePoint = 0; codePoint <= 0xffff; codePoint += 1) {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
  const character = String.fromCodePoint(codePoint);
  if (acceptsNameCharacter(character) && character.normalize('NFKC') === character) acceptedCharacters.push(character);
}

describe('nameSkeleton (Unicode TS #39)', () => {
  it('agrees with the skeleton from the whole confusables.txt for every character a name may hold', () => {
    const disagreements = acceptedCharacters.filter(
      (character) => nameSkeleton(character) !== referenceSkeleton(character),
    );
    expect(disagreements).toEqual([]);
    expect(acceptedCharacters.length).toBeGreaterThan(700);
  });

  it('the repertoire holds no character beyond U+FFFF, so the search above is all of it', () => {
    expect([...skeletonInputCharacters()].every((character) => character.codePointAt(0)! <= 0xffff)).toBe(true);
  });

  it('agrees with the reference for any accepted name (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...acceptedCharacters), { minLength: 1, maxLength: 40 }), (characters) => {
        const checked = checkBusinessName(characters.join(''));
        if (!checked.ok) return true;
        return nameSkeleton(checked.name) === referenceSkeleton(checked.name);
      }),
      { numRuns: 2000 },
    );
  });

  it('names that look alike share a skeleton', () => {
    expect(nameSkeleton('Ace PIumbing')).toBe(nameSkeleton('Ace Plumbing'));
    expect(nameSkeleton('Modem Builds')).toBe(nameSkeleton('Modern Builds'));
    expect(nameSkeleton('B0B Electrical')).toBe(nameSkeleton('BOB Electrical'));
    expect(nameSkeleton('Dave Builds')).not.toBe(nameSkeleton('Dale Builds'));
  });

  it("the Cyrillic look-alike is the same skeleton in Unicode's data, and refused before any skeleton as mixed-script", () => {
    expect(referenceSkeleton('\u0410ce Plumbing')).toBe(referenceSkeleton('Ace Plumbing'));
    expect(checkBusinessName('\u0410ce Plumbing')).toEqual({ ok: false, reason: 'mixed-script' });
  });
});
