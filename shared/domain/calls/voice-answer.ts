import type { E164 } from '../numbers/phone-number';
import type { Language } from '../texts/language';

export interface IncomingCall {
  callSid: string;
  to: string;
  from: string;
  forwardedFrom?: string;
  /** Twilio's SHAKEN verification of the caller ID (US calls only), e.g. `TN-Validation-Failed-A` (issue 19). */
  stirVerstat?: string;
}

/** What the caller (or, for `screen`, the owner) hears. Rendered to TwiML at the edge, with our callback URLs. */
export type VoiceAnswer =
  | {
      kind: 'greeting';
      businessName?: string;
      /** The owner's own greeting (issue 19), name filled in: said in place of the standard welcome. */
      words?: string;
      /** Then a voicemail: <Record> up to 2 minutes, transcribed (issue 12). */
      voicemail?: boolean;
      /** Whose voicemail it is: its callbacks' URLs carry a token binding them to this call (issue 17). */
      recordFor?: { business: E164; clientId: string };
      /** Outside opening hours: said so, with when it opens. */
      closed?: { opens?: string };
      /** After a ring-first dial nobody took. */
      afterRing?: boolean;
      /** Issue 19: the business's language, when not English: the words and the voice it is said in. */
      language?: Language;
    }
  | { kind: 'text-only' }
  /** A released number resting before reuse: "no longer in service", then hang up. */
  | { kind: 'out-of-service' }
  | { kind: 'hang-up' }
  /** Ring the owner first, with the business number as caller ID, screened by the owner's key press. */
  | { kind: 'ring'; ownerPhone: E164; businessNumber: E164; ringSeconds: number }
  /** To the owner's leg: who is calling, press 1 to take it. */
  | { kind: 'screen'; businessName: string; caller?: E164 }
  /** The owner pressed 1 in time: an empty document, so Twilio connects the call. */
  | { kind: 'connect' }
  /** The owner's leg is ended with a short reason (declined, or the caller has gone). */
  | { kind: 'decline'; reason: 'declined' | 'caller-gone' }
  /** After the voicemail (in the business's language, when not English). */
  | { kind: 'goodbye'; language?: Language }
  /** After a voicemail past VOICEMAILS_PER_CALLER: the owner will not hear of it (issue 17). */
  | { kind: 'mailbox-full'; language?: Language };
