/**
 * Carrier keywords: the whole message, any case, surrounding spaces and punctuation ignored. These English ones are
 * Twilio's defaults: Twilio itself acts on them on a long code (blocks or unblocks the sender, answers with its own
 * confirmation) before the webhook reaches us (help.twilio.com/articles/223134027).
 */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/**
 * Issue 19, Spanish: ALTO (stop) and AYUDA (help), the words Twilio requires a Spanish-language sender to answer
 * (twilio.com/help/faq/short-codes/what-are-the-requirements-for-a-spanish-language-short-code), and PARAR (stop),
 * which issue 19 names and our Spanish texts tell customers to send. Twilio does not act on them itself (its defaults
 * are English; Spanish words need Advanced Opt-Out on a Messaging Service, which this service does not use): we record
 * the opt-out and send the one confirmation. Twilio documents no Spanish opt-in word: START (above) opts back in.
 */
const SPANISH_OPT_OUT = new Set(['PARAR', 'ALTO']);
const SPANISH_HELP = new Set(['AYUDA']);

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
  if (OPT_OUT.has(word) || SPANISH_OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  if (HELP.has(word) || SPANISH_HELP.has(word)) return 'help';
  return undefined;
}

/** Whether Twilio acts on this keyword itself (and confirms it): only its English defaults. */
export function isTwilioKeyword(body: string): boolean {
  const word = normalized(body);
  return OPT_OUT.has(word) || OPT_IN.has(word) || HELP.has(word);
}

/** `YES` is an opt-in keyword only for someone who has opted out; otherwise it is an ordinary answer. */
export function isOptIn(body: string, optedOut: boolean): boolean {
  const word = normalized(body);
  return word === 'YES' ? optedOut : carrierKeyword(body) === 'opt-in';
}

export function isWord(body: string, word: string): boolean {
  return normalized(body) === word;
}
