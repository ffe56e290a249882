import type { CallSettingsChange } from '../../ports/call-settings-store';
import { OWNER_WORDS_FIELD, OWNER_WORDS_MAX, withBusinessName, type OwnerWordsKind } from '../calls/owner-words';
import type { Client } from '../numbers/number-role';
import { smsSegments, ucs2CharacterIn } from '../sending/sms-length';
import * as smsText from '../sending/sms-text';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import { OWNER_COMMAND_FORMS } from './owner-commands';
import { EMAIL, FORBIDDEN, INVISIBLE, LINE_CONTROLS, LINK, PHONE } from '../signup/business-name';

type WordsClient = Pick<Client, 'businessName' | 'twilioNumber' | 'linkDomain' | 'language'>;

/** The change to store and the owner's preview of it, or why it is refused (with the command's correct form). */
export type OwnerWordsPlan =
  | { ok: true; change: CallSettingsChange; reply: string; preview?: string }
  | { ok: false; reply: string; problem: string };

/**
 * `TEXTBACK`/`AFTERHOURS`/`GREETING <words>` (text null: RESET), from the owner's phone or admin. The words meet the
 * sign-up name rules (NFKC, nothing invisible, no address, no link but to LINKS' domain, no phone number but this
 * business's), at most OWNER_WORDS_MAX with the name filled in; the reply previews exactly what a caller gets.
 */
export function planOwnerWords(kind: OwnerWordsKind, raw: string | null, client: WordsClient): OwnerWordsPlan {
  const words = raw === null ? null : cleanWords(raw);
  const problem = words === null ? undefined : wordsProblem(kind, words, client);
  if (problem || words === '') return refused(problem ?? 'no words', OWNER_COMMAND_FORMS[wordOf(kind)]);
  const preview = previewOf(kind, words, client);
  const change = { ownText: { field: OWNER_WORDS_FIELD[kind], text: words } };
  return {
    ok: true,
    change,
    preview,
    reply: smsText.ownerWordsSet(preview, words === null ? undefined : wordOf(kind)),
  };
}

const wordOf = (kind: OwnerWordsKind) => kind.toUpperCase() as Uppercase<OwnerWordsKind>;

function refused(problem: string, form: string): OwnerWordsPlan {
  return { ok: false, problem, reply: smsText.ownerWordsRefused(problem, form) };
}

/** As sign-up cleans a name, but a line break is kept as a space and an invisible character is left to refuse. */
function cleanWords(raw: string): string {
  return raw.replace(LINE_CONTROLS, ' ').replace(FORBIDDEN, '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

function wordsProblem(kind: OwnerWordsKind, words: string, client: WordsClient): string | undefined {
  if (INVISIBLE.test(words)) return 'it has invisible characters';
  const length = withBusinessName(words, client.businessName).length;
  if (length > OWNER_WORDS_MAX[kind])
    return `it is ${length} characters with your name; at most ${OWNER_WORDS_MAX[kind]}`;
  if (EMAIL.test(words)) return 'it has an email address';
  if (LINK.test(withoutOwnLinks(words, client.linkDomain)))
    return 'it has a link (LINKS yourdomain.com allows your own)';
  const own = client.twilioNumber.slice(1);
  for (const [number] of words.matchAll(new RegExp(PHONE.source, 'gu'))) {
    const national = number.replace(/\D/g, '').replace(/^0/, '');
    if (national.length < 9 || !own.endsWith(national))
      return `it has a phone number other than ${client.twilioNumber}`;
  }
  return undefined;
}

/** The owner's own domain, its subdomains and its pages, taken out so that only other links are left to refuse. */
function withoutOwnLinks(words: string, domain: string | undefined): string {
  if (!domain) return words;
  const host = domain.replace(/\./g, '\\.');
  return words.replace(new RegExp(`(?:https?://)?(?:[a-z0-9-]+\\.)*${host}(?![a-z0-9.-]*[a-z0-9])[^\\s]*`, 'giu'), '');
}

function previewOf(kind: OwnerWordsKind, words: string | null, client: WordsClient): string {
  const name = client.businessName;
  // Issue 19: as callers hear it, in the business's language (the owner's own words as written).
  const language = languageOf(client);
  if (kind === 'greeting') {
    const welcome = words
      ? withBusinessName(words, name)
      : `${customerText.thanksForCalling[language](name)} ${customerText.cannotTakeCall[language]}`;
    const spoken = `${welcome} ${customerText.voicemailPrompt[language]}`;
    return smsText.ownerWordsPreview('Callers now hear', spoken, undefined, undefined);
  }
  // The standard closed text names when the business opens next, which depends on the hour of the call.
  if (!words && kind === 'afterhours')
    return 'Callers you miss while closed now get the standard text, with when you open.';
  const text = words
    ? customerText.ownWordsTextBack[language](withBusinessName(words, name))
    : customerText.textBack[language](name);
  const who = kind === 'textback' ? 'Callers you miss now get' : 'Callers you miss while closed now get';
  return smsText.ownerWordsPreview(who, text, smsSegments(text).segments, ucs2CharacterIn(text));
}

/** `LINKS yourdomain.com` (or a web address of its home page) or `LINKS OFF` (null). */
export function planLinkDomain(raw: string | null): OwnerWordsPlan {
  if (raw === null)
    return {
      ok: true,
      change: { ownText: { field: 'linkDomain', text: null } },
      reply: smsText.ownerLinkDomain(undefined),
    };
  const domain = /^(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,24})[/.]?$/i.exec(raw)?.[1]?.toLowerCase();
  if (!domain || domain.length > 100) return refused(`"${raw}" is not a domain`, OWNER_COMMAND_FORMS.LINKS);
  return {
    ok: true,
    change: { ownText: { field: 'linkDomain', text: domain } },
    reply: smsText.ownerLinkDomain(domain),
  };
}
