/** Carrier keywords: the whole message, any case, surrounding spaces and punctuation ignored. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

export type CarrierKeyword = 'opt-out' | 'opt-in' | 'help';

function normalized(body: string): string {
  return body
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
}

export function carrierKeyword(body: string): CarrierKeyword | undefined {
  const word = normalized(body);
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  if (HELP.has(word)) return 'help';
  return undefined;
}

/** `YES` is an opt-in keyword only for someone who has opted out; otherwise it is an ordinary answer. */
export function isOptIn(body: string, optedOut: boolean): boolean {
  const word = normalized(body);
  return word === 'YES' ? optedOut : carrierKeyword(body) === 'opt-in';
}

export function isWord(body: string, word: string): boolean {
  return normalized(body) === word;
}

export type OwnerCommand =
  | { kind: 'list-jobs' }
  | { kind: 'close-job'; ref: number }
  | { kind: 'reply'; ref?: number; text: string }
  /** Issue 12: `RING ON` / `RING OFF`. */
  | { kind: 'set-call-mode'; callMode: 'ring' | 'forward' }
  /** Issue 12: `HOURS Mon-Fri 08:00-18:00 [Europe/London]` or `HOURS OFF` (hours: null). */
  | { kind: 'set-hours'; hours: string | null; timeZone?: string };

/** What an owner texting their own business number means: `JOBS`, `DONE #12`, `#12 On my way`, or a reply to the latest job. */
export function ownerCommand(body: string): OwnerCommand {
  const trimmed = body.trim();
  if (/^jobs$/i.test(trimmed)) return { kind: 'list-jobs' };
  const ring = /^ring\s+(on|off)[.!]?$/i.exec(trimmed);
  if (ring) return { kind: 'set-call-mode', callMode: (ring[1] as string).toLowerCase() === 'on' ? 'ring' : 'forward' };
  if (/^hours\s+off[.!]?$/i.test(trimmed)) return { kind: 'set-hours', hours: null };
  // Only what looks like opening hours ("HOURS Mon-Fri 08:00-18:00"): "Hours are 9 to 5" stays a reply to a customer.
  const hours =
    /^hours\s+((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*-\s*[a-z]{3})?\s+\d.*?)(?:\s+([A-Za-z]+\/[A-Za-z_/+-]+))?$/i.exec(
      trimmed,
    );
  if (hours)
    return { kind: 'set-hours', hours: (hours[1] as string).trim(), ...(hours[2] ? { timeZone: hours[2] } : {}) };
  const done = /^(?:done|close)\s*#?(\d{1,6})$/i.exec(trimmed);
  if (done) return { kind: 'close-job', ref: Number(done[1]) };
  const addressed = /^#(\d{1,6})\s+([\s\S]+)$/.exec(trimmed);
  if (addressed) return { kind: 'reply', ref: Number(addressed[1]), text: (addressed[2] as string).trim() };
  return { kind: 'reply', text: trimmed };
}
