import type { Client } from '../numbers/number-role';

/** Issue 19: the owner's own words for what callers get, set by `TEXTBACK`, `AFTERHOURS`, `GREETING` or admin. */
export type OwnerWordsKind = 'textback' | 'afterhours' | 'greeting';

/** Where each lives on the client record (read with the number lookup every path already makes: no extra call). */
export const OWNER_WORDS_FIELD = {
  textback: 'textBack',
  afterhours: 'afterHoursText',
  greeting: 'greeting',
} as const satisfies Record<OwnerWordsKind, string>;

/** The client record's fields of the owner's own text (and the one domain it may link to, and the review link). */
export type OwnTextField = (typeof OWNER_WORDS_FIELD)[OwnerWordsKind] | 'linkDomain' | 'reviewLink';

/** Two GSM-7 segments' worth for a text (before the opt-out line); a greeting is spoken, not billed by segment. */
export const OWNER_WORDS_MAX = { textback: 320, afterhours: 320, greeting: 300 } as const;

/** Written by the owner where the business name goes: filled when used, so a renamed business stays right. */
export const BUSINESS_NAME_SLOT = '{name}';

export function withBusinessName(words: string, businessName: string): string {
  return words.split(BUSINESS_NAME_SLOT).join(businessName);
}

/** The owner's spoken greeting (GREETING), name filled in, for a greeting answer; nothing when they have none. */
export function ownGreeting(client: Pick<Client, 'greeting' | 'businessName'>): { words?: string } {
  return client.greeting ? { words: withBusinessName(client.greeting, client.businessName) } : {};
}
