import type { LocalDay } from '../common/local-day';
// Named imports: the bundles carry the sets and not `sources`, which documents where each set's phrases and advice come from.
import { sets, southernCallingCodes, winterMonths } from './emergency-keywords.json';

/**
 * Which safety reply an emergency gets (emergencySafetyReply in the customer catalogues, shared/domain/texts/): a gas smell, carbon monoxide, another danger
 * to life or property (flooding, sparking), or a home without heat in winter.
 */
export type Hazard = 'gas' | 'co' | 'danger' | 'cold';

/** A text or transcript that matched one of the deployment's sets: its set, hazard, and the words of the owner's alert. */
export interface Emergency {
  set: string;
  hazard: Hazard;
  alert: string;
}

interface KeywordSet {
  hazard: string;
  alert: string;
  winter?: boolean;
  phrases: string[];
  not?: string[];
}

// Pure, so a bundle that reads no text (voice, the scheduled jobs: config.ts is shared) drops the data file.
const SETS: Record<string, KeywordSet> = /* @__PURE__ */ (() => sets)();

/** Every set in the data file, in its order: EMERGENCY_KEYWORD_SETS's default. */
export const EMERGENCY_SETS: readonly string[] = /* @__PURE__ */ Object.keys(SETS);

/** Words that, among the three before a phrase in its clause, make it a denial ("no smell of gas now"). */
const NEGATIONS = /* @__PURE__ */ new Set(
  'no not never nor without isnt wasnt arent dont doesnt didnt cant cannot hasnt havent'.split(' '),
);
const NEGATION_WINDOW_WORDS = 3;

/** A phrase matched as whole words of the normalised clause (`(?<= |^)`: never "sparkling", "co2", "flooring"). */
const whole = (phrase: string) => new RegExp(`(?:^| )(?:${phrase})(?= |$)`, 'g');

/** Compiled once, at cold start, only for a deployment's own sets. */
const compiled = new Map<string, { phrases: RegExp[]; not: RegExp[] }>();
function compiledSet(name: string, set: KeywordSet) {
  let patterns = compiled.get(name);
  if (!patterns) {
    patterns = { phrases: set.phrases.map(whole), not: (set.not ?? []).map(whole) };
    compiled.set(name, patterns);
  }
  return patterns;
}

/**
 * The clauses of a text, each lower-case words of letters and digits: NFKC first (full-width and styled letters
 * become plain), apostrophes dropped ("can't" is "cant"), clauses split at sentence punctuation and commas (a "No,"
 * answering something else never denies what follows), every other character a space.
 */
export function clausesOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[.,;:!?\n()]+/)
    .map((clause) => clause.replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter(Boolean);
}

/** Whether the business's local day is in winter where it is (its number's calling code decides the hemisphere). */
export function isWinter(day: LocalDay, business: string): boolean {
  const southern = southernCallingCodes.some((code) => business.startsWith(`+${code}`));
  return (southern ? winterMonths.south : winterMonths.north).includes(Number(day.slice(5, 7)));
}

/**
 * The first of `sets` (the deployment's EMERGENCY_KEYWORD_SETS) whose phrase a clause of `text` says, not denied and
 * not one of its false positives; a `winter` set only in the business's winter (`day` is its local day). Pure: a text
 * that matches nothing costs no I/O.
 */
export function detectEmergency(
  text: string,
  sets: readonly string[],
  business: { number: string; day: LocalDay },
): Emergency | undefined {
  const clauses = clausesOf(text);
  for (const name of sets) {
    const set = SETS[name];
    if (!set || (set.winter && !isWinter(business.day, business.number))) continue;
    const { phrases, not } = compiledSet(name, set);
    const said = clauses.some((clause) => {
      const kept = not.reduce((rest, falsePositive) => rest.replace(falsePositive, ' '), clause);
      return phrases.some((phrase) => saysPhrase(kept, phrase));
    });
    if (said) return { set: name, hazard: set.hazard as Hazard, alert: set.alert };
  }
  return undefined;
}

/** A match of `phrase` in `clause` with no negation among the words just before it. */
function saysPhrase(clause: string, phrase: RegExp): boolean {
  for (const match of clause.matchAll(phrase)) {
    const before = clause.slice(0, match.index).trim().split(' ').slice(-NEGATION_WINDOW_WORDS);
    if (!before.some((word) => NEGATIONS.has(word))) return true;
  }
  return false;
}

/** EMERGENCY_KEYWORD_SETS: `all` (the default), `none`, or set names separated by commas; an unknown name is refused. */
export function parseEmergencySets(value: string | undefined): readonly string[] | { unknown: string } {
  const raw = value?.trim().toLowerCase();
  if (!raw || raw === 'all') return EMERGENCY_SETS;
  if (raw === 'none') return [];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !EMERGENCY_SETS.includes(name));
  return unknown === undefined ? names : { unknown };
}
