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
