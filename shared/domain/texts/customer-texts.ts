import * as en from './en';
import * as es from './es';
import type { Language } from './language';

/**
 * Every text and spoken line a business's customers get, in every language: `customerText.textBack[language](name)`.
 * One entry per text (read as `import * as customerText`), so a bundle carries only the texts its flows use; the
 * type makes the compiler refuse an entry without a language, or a language whose text has another shape.
 */
type Catalogue = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };
type InEveryLanguage<K extends keyof Catalogue> = Readonly<Record<Language, Catalogue[K]>>;

/** Compile time: Spanish has every English text, each of the same shape (test/domain/customer-texts.test.ts: and no other). */
type Complete<Texts extends Catalogue> = Texts;
export type SpanishIsComplete = Complete<typeof es>;

export const optOutLine: InEveryLanguage<'optOutLine'> = { en: en.optOutLine, es: es.optOutLine };
export const textBack: InEveryLanguage<'textBack'> = { en: en.textBack, es: es.textBack };
export const textBackClosed: InEveryLanguage<'textBackClosed'> = { en: en.textBackClosed, es: es.textBackClosed };
export const ownWordsTextBack: InEveryLanguage<'ownWordsTextBack'> = {
  en: en.ownWordsTextBack,
  es: es.ownWordsTextBack,
};
export const customerAcknowledgement: InEveryLanguage<'customerAcknowledgement'> = {
  en: en.customerAcknowledgement,
  es: es.customerAcknowledgement,
};
export const customerHelp: InEveryLanguage<'customerHelp'> = { en: en.customerHelp, es: es.customerHelp };
export const optedOut: InEveryLanguage<'optedOut'> = { en: en.optedOut, es: es.optedOut };
export const emergencySafetyReply: InEveryLanguage<'emergencySafetyReply'> = {
  en: en.emergencySafetyReply,
  es: es.emergencySafetyReply,
};
export const reviewRequest: InEveryLanguage<'reviewRequest'> = { en: en.reviewRequest, es: es.reviewRequest };
export const opensAt: InEveryLanguage<'opensAt'> = { en: en.opensAt, es: es.opensAt };

// Spoken.
export const thanksForCalling: InEveryLanguage<'thanksForCalling'> = {
  en: en.thanksForCalling,
  es: es.thanksForCalling,
};
export const thanksForCallingUs: InEveryLanguage<'thanksForCallingUs'> = {
  en: en.thanksForCallingUs,
  es: es.thanksForCallingUs,
};
export const cannotTakeCall: InEveryLanguage<'cannotTakeCall'> = { en: en.cannotTakeCall, es: es.cannotTakeCall };
export const textComing: InEveryLanguage<'textComing'> = { en: en.textComing, es: es.textComing };
export const nobodyCouldAnswer: InEveryLanguage<'nobodyCouldAnswer'> = {
  en: en.nobodyCouldAnswer,
  es: es.nobodyCouldAnswer,
};
export const closedNow: InEveryLanguage<'closedNow'> = { en: en.closedNow, es: es.closedNow };
export const voicemailPrompt: InEveryLanguage<'voicemailPrompt'> = { en: en.voicemailPrompt, es: es.voicemailPrompt };
export const goodbye: InEveryLanguage<'goodbye'> = { en: en.goodbye, es: es.goodbye };
export const mailboxFull: InEveryLanguage<'mailboxFull'> = { en: en.mailboxFull, es: es.mailboxFull };
