import type { SpamScreen } from '../calls/spam-screen';
import { normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import type { OwnerWordsKind } from '../calls/owner-words';
import { carrierKeyword } from './keywords';
import { parseLanguage, type Language } from '../texts/language';
import { reviewLinkOf } from '../after-job/review-link';

/**
 * What "looks like a command": a text from the owner whose first word (letters only, any case, e.g. `jobs`, `Hours:`,
 * `DONE#3`) is one of these. Such a text is never relayed to a customer: it is a command, or a malformed one answered
 * with its correct form. A reply that must start with one of these words goes with its job first: `#12 Done by 5pm`.
 */
export const OWNER_COMMAND_WORDS = [
  'HELP',
  'COMMANDS',
  'JOBS',
  'DONE',
  'RING',
  'HOURS',
  'NEVER',
  'SPAM',
  'TEXTBACK',
  'AFTERHOURS',
  'GREETING',
  'LINKS',
  'LANGUAGE',
  'EMERGENCY',
  'REVIEWS',
  'DIGEST',
] as const;
export type OwnerCommandWord = (typeof OWNER_COMMAND_WORDS)[number];

export type OwnerCommand =
  /** `HELP` or `COMMANDS` (or the carrier's `INFO`): the list of the owner's commands. */
  | { kind: 'help' }
  | { kind: 'list-jobs' }
  | { kind: 'close-job'; ref: number }
  | { kind: 'reply'; ref?: number; text: string }
  /** Issue 12: `RING ON` / `RING OFF`. */
  | { kind: 'set-call-mode'; callMode: 'ring' | 'forward' }
  /** Issue 12: `HOURS Mon-Fri 08:00-18:00 [Europe/London]` or `HOURS OFF` (hours: null). */
  | { kind: 'set-hours'; hours: string | null; timeZone?: string }
  /** Issue 19: `NEVER +447…` / `NEVER #12`, `NEVER REMOVE …`, `NEVER LIST`: the numbers never texted back. */
  | { kind: 'never-text'; action: 'add' | 'remove' | 'list'; target?: E164 | number }
  /** Issue 19: `SPAM ON|OFF|STRICT`: which callers' failed caller ID verification stops their text-back. */
  | { kind: 'set-spam-screen'; spamScreen: SpamScreen }
  /** Issue 19: `TEXTBACK|AFTERHOURS|GREETING <words>`, or `… RESET` (text: null). */
  | { kind: 'set-words'; words: OwnerWordsKind; text: string | null }
  /** Issue 19: `LINKS <domain>` or `LINKS OFF` (domain: null). */
  | { kind: 'set-link-domain'; domain: string | null }
  /** Issue 19: `LANGUAGE ES|EN`: the language of every text and spoken line the business's customers get. */
  | { kind: 'set-language'; language: Language }
  /** Issue 19: `EMERGENCY RING ON|OFF`: whether a detected emergency rings the owner's phone, even out of hours. */
  | { kind: 'set-emergency-ring'; emergencyRing: boolean }
  /** Issue 19: `REVIEWS <Google or Trustpilot review link>` or `REVIEWS OFF` (link: null). */
  | { kind: 'set-reviews'; link: string | null }
  /** Issue 19: `DIGEST ON|OFF`: the Monday text of the week before. */
  | { kind: 'set-digest'; digest: boolean }
  /** A command word first, but not the command's form (`HOURS 9-5`, `RING maybe`, `DONE x`): answered, never relayed. */
  | { kind: 'malformed'; word: OwnerCommandWord }
  /** STOP, START and the other carrier opt-out and opt-in words (PARAR, ALTO too): never relayed to a customer. */
  | { kind: 'carrier-keyword'; keyword: 'opt-out' | 'opt-in' };

/** The correct form of each command, as the owner is told it after a malformed one. */
export const OWNER_COMMAND_FORMS: Record<OwnerCommandWord, string> = {
  HELP: 'HELP',
  COMMANDS: 'HELP',
  JOBS: 'JOBS',
  DONE: 'DONE #12',
  RING: 'RING ON or RING OFF',
  HOURS: 'HOURS Mon-Fri 08:00-18:00 (a time zone may follow) or HOURS OFF',
  NEVER: 'NEVER +447700900123, NEVER #12, NEVER REMOVE #12 or NEVER LIST',
  SPAM: 'SPAM ON, SPAM OFF or SPAM STRICT',
  TEXTBACK: 'TEXTBACK your text or TEXTBACK RESET',
  AFTERHOURS: 'AFTERHOURS your text or AFTERHOURS RESET',
  GREETING: 'GREETING your words or GREETING RESET',
  LINKS: 'LINKS yourdomain.com or LINKS OFF',
  LANGUAGE: 'LANGUAGE ES (Spanish) or LANGUAGE EN (English)',
  EMERGENCY: 'EMERGENCY RING ON or EMERGENCY RING OFF',
  REVIEWS: 'REVIEWS https://g.page/r/…/review or REVIEWS OFF',
  DIGEST: 'DIGEST ON or DIGEST OFF',
};

/** The command word a text starts with, if any. */
export function commandWordOf(text: string): OwnerCommandWord | undefined {
  const word = /^([A-Za-z]+)(?![A-Za-z0-9])/.exec(text.trim())?.[1]?.toUpperCase();
  return OWNER_COMMAND_WORDS.find((candidate) => candidate === word);
}

/** What an owner texting their own business number means: a command, `#12 On my way`, or a reply to the latest job. */
export function ownerCommand(body: string): OwnerCommand {
  const trimmed = body.trim();
  const addressed = /^#(\d{1,6})\s+([\s\S]+)$/.exec(trimmed);
  if (addressed) return { kind: 'reply', ref: Number(addressed[1]), text: (addressed[2] as string).trim() };
  // The carrier's INFO is HELP (Twilio answers both the same way).
  const keyword = carrierKeyword(trimmed);
  if (keyword === 'help') return { kind: 'help' };
  // Never a reply: a customer would get "STOP" from the business.
  if (keyword) return { kind: 'carrier-keyword', keyword };
  const word = commandWordOf(trimmed);
  if (word) return commandOf(word, trimmed.replace(/[.!?]+$/, '').trim(), trimmed);
  // `CLOSE 12` still closes a job; any other text starting with "close" is a reply.
  const close = /^close\s*#?(\d{1,6})[.!]?$/i.exec(trimmed);
  if (close) return { kind: 'close-job', ref: Number(close[1]) };
  return { kind: 'reply', text: trimmed };
}

/** `text` without its closing punctuation; `whole` with it (the owner's own words keep their "!"). */
function commandOf(word: OwnerCommandWord, text: string, whole: string): OwnerCommand {
  const malformed: OwnerCommand = { kind: 'malformed', word };
  switch (word) {
    case 'HELP':
    case 'COMMANDS':
      return text.length === word.length ? { kind: 'help' } : malformed;
    case 'JOBS':
      return text.length === word.length ? { kind: 'list-jobs' } : malformed;
    case 'DONE': {
      const done = /^done\s*#?(\d{1,6})$/i.exec(text);
      return done ? { kind: 'close-job', ref: Number(done[1]) } : malformed;
    }
    case 'RING': {
      const ring = /^ring\s+(on|off)$/i.exec(text);
      return ring
        ? { kind: 'set-call-mode', callMode: ring[1]?.toLowerCase() === 'on' ? 'ring' : 'forward' }
        : malformed;
    }
    case 'HOURS':
      return hoursCommand(text) ?? malformed;
    case 'NEVER':
      return neverTextCommand(text) ?? malformed;
    case 'SPAM': {
      const spam = /^spam\s+(on|off|strict)$/i.exec(text)?.[1];
      return spam ? { kind: 'set-spam-screen', spamScreen: spam.toLowerCase() as SpamScreen } : malformed;
    }
    case 'EMERGENCY': {
      const ring = /^emergency\s+ring\s+(on|off)$/i.exec(text)?.[1];
      return ring ? { kind: 'set-emergency-ring', emergencyRing: ring.toLowerCase() === 'on' } : malformed;
    }
    case 'REVIEWS': {
      // `text`: a full stop after the link is the sentence's, never the link's (no review form ends in one).
      const link = /^reviews\s+(\S+)$/i.exec(text)?.[1] ?? '';
      if (link.toUpperCase() === 'OFF') return { kind: 'set-reviews', link: null };
      return reviewLinkOf(link) ? { kind: 'set-reviews', link } : malformed;
    }
    case 'DIGEST': {
      const digest = /^digest\s+(on|off)$/i.exec(text)?.[1];
      return digest ? { kind: 'set-digest', digest: digest.toLowerCase() === 'on' } : malformed;
    }
    case 'TEXTBACK':
    case 'AFTERHOURS':
    case 'GREETING':
    case 'LINKS':
      return ownerWordsCommand(word, text, whole) ?? malformed;
    case 'LANGUAGE': {
      const language = parseLanguage(/^language\s+([a-z]+)$/i.exec(text)?.[1]?.toLowerCase());
      return language ? { kind: 'set-language', language } : malformed;
    }
  }
}

/** Issue 19: the owner's own words, or the one domain they may link to; RESET and OFF go back to none. */
function ownerWordsCommand(
  word: 'TEXTBACK' | 'AFTERHOURS' | 'GREETING' | 'LINKS',
  text: string,
  whole: string,
): OwnerCommand | undefined {
  const words = /^[a-z]+(?::\s*|\s+)([\s\S]+)$/i.exec(whole)?.[1]?.trim();
  if (!words) return undefined;
  const off = /^[a-z]+(?::\s*|\s+)(reset|off)$/i.exec(text)?.[1]?.toLowerCase();
  // One word only: "Links to the parts…" is a malformed command, answered as such, not a domain to refuse.
  if (word === 'LINKS')
    return off === 'reset' || /\s/.test(words) ? undefined : { kind: 'set-link-domain', domain: off ? null : words };
  return off === 'off'
    ? undefined
    : { kind: 'set-words', words: word.toLowerCase() as OwnerWordsKind, text: off ? null : words };
}

/** `HOURS OFF`, or `HOURS` then days and times (`Mon-Fri 08:00-18:00`), a time zone may follow. */
function hoursCommand(text: string): OwnerCommand | undefined {
  if (/^hours\s+off$/i.test(text)) return { kind: 'set-hours', hours: null };
  const hours =
    /^hours\s+((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*-\s*[a-z]{3})?\s+\d.*?)(?:\s+([A-Za-z]+\/[A-Za-z_/+-]+))?$/i.exec(
      text,
    );
  if (!hours) return undefined;
  return { kind: 'set-hours', hours: (hours[1] as string).trim(), ...(hours[2] ? { timeZone: hours[2] } : {}) };
}

/** `NEVER LIST`, or `NEVER [REMOVE] ` then `#12` (that job's customer) or a number in international form (`+44…`). */
function neverTextCommand(text: string): OwnerCommand | undefined {
  if (/^never\s+list$/i.test(text)) return { kind: 'never-text', action: 'list' };
  const never = /^never\s+(remove\s+)?(?:#(\d{1,6})|(\+[\d\s().-]{6,20}))$/i.exec(text);
  const target = never?.[2] ? Number(never[2]) : normalizePhoneNumber(never?.[3]);
  return never && target ? { kind: 'never-text', action: never[1] ? 'remove' : 'add', target } : undefined;
}
