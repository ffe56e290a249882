import { emergencyCallsFor } from './emergency-calls';
import type { NextOpening } from './next-opening';

// English: every text and spoken line a business's CUSTOMERS get (callers and texters). es.ts has the same exports in
// Spanish: a text added here gets its Spanish there and its entry in customer-texts.ts, or the compiler refuses.
// Each text is its own export, so esbuild keeps only those a bundle uses.

/** Appended to every first text to a caller or customer: their one way out. */
export const optOutLine = 'Reply STOP to opt out.';

/** The text-back after a missed call. */
export const textBack = (businessName: string) =>
  `Sorry we missed your call at ${businessName}. Reply to this text with what you need and we'll get back to you shortly. ${optOutLine}`;

/** Outside opening hours (issue 12): says so, and when the business opens. */
export const textBackClosed = (businessName: string, opens: string | undefined) =>
  `Sorry we missed your call at ${businessName}. We're closed right now${opens ? ` and open again ${opens}` : ''}. Reply to this text with what you need and we'll get back to you. ${optOutLine}`;

/** Issue 19: the owner's own text-back (or out-of-hours one), as written, with the opt-out line. */
export const ownWordsTextBack = (words: string) => `${words} ${optOutLine}`;

export const customerAcknowledgement = (businessName: string) =>
  `Thanks for your message to ${businessName}. We've passed it on and will be in touch soon. ${optOutLine}`;

export const customerHelp = (businessName: string) =>
  `This is the text line of ${businessName}. Send your job details and we'll pass them on. ${optOutLine}`;

/** After an opt-out word Twilio does not act on itself (PARAR, ALTO): the one confirmation. */
export const optedOut = (businessName: string) =>
  `You will get no more texts from ${businessName}. Reply START to get them again.`;

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "today at 08:00", "tomorrow at 08:00", "on Monday at 08:00". */
export const opensAt = ({ daysAhead, day, time }: NextOpening) =>
  daysAhead === 0 ? `today at ${time}` : daysAhead === 1 ? `tomorrow at ${time}` : `on ${DAY_NAMES[day]} at ${time}`;

// Spoken (TwiML <Say>), in the voice of twiml.ts.
export const thanksForCalling = (businessName: string) =>
  businessName ? `Thanks for calling ${businessName}.` : 'Thanks for calling.';
export const thanksForCallingUs = 'Thanks for calling us.';
export const cannotTakeCall = "Sorry we can't take your call right now.";
export const textComing = "We'll send you a text message in a moment.";
export const nobodyCouldAnswer = (businessName: string) =>
  `Sorry, nobody at ${businessName || 'the business'} could take your call.`;
export const closedNow = (opens: string | undefined) =>
  `We're closed right now${opens ? ` and open again ${opens}` : ''}.`;
/** What every voicemail greeting ends with, the owner's own included. */
export const voicemailPrompt = "Please leave a message after the tone. We'll also send you a text message.";
export const goodbye = 'Thank you. Goodbye.';
export const mailboxFull = "Sorry, this mailbox is full for today, so your message won't be passed on. Goodbye.";

/** Issue 19: the safety reply to a customer whose text or voicemail says an emergency: at once, before any call back. */
export const emergencySafetyReply = (businessName: string, business: string, hazard: string) => {
  const calls = emergencyCallsFor(business);
  const gas = calls?.gas.en ?? 'your gas emergency line';
  const danger = calls?.danger ?? 'your emergency number';
  const advice =
    hazard === 'gas'
      ? `If you smell gas: no switches or flames, open windows, turn the gas off at the meter if safe, get everyone out, then call ${gas}${calls?.gasIsDanger ? '' : ` (${danger} if anyone is hurt)`}.`
      : hazard === 'co'
        ? `Carbon monoxide can kill: get everyone out into fresh air now, leave windows open and call ${danger} if anyone feels unwell.`
        : hazard === 'cold'
          ? `If anyone is unwell from the cold, keep them warm and call ${danger} in an emergency.`
          : `If anyone is in danger call ${danger} now. Keep away from water near electrics; turn off water or power at the mains if safe.`;
  return `${advice} ${businessName} has been told it is urgent. ${optOutLine}`;
};

/** Issue 19: the one text a finished job's customer may get (REVIEWS on): the business, its review link, the opt-out. */
export const reviewRequest = (businessName: string, link: string) =>
  `Thanks for choosing ${businessName}! A quick review would help us a lot: ${link} ${optOutLine}`;
