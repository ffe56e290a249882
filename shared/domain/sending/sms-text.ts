import type { E164 } from '../numbers/phone-number';
import type { BusinessNameRefusal } from '../signup/business-name';
import type { Delivery } from './delivery';
import { cutToLength, MAX_BODY_LENGTH, smsLength } from './sms-length';

/** The sign-up's way out when another alert phone will not do. */
const USE_THIS_PHONE = 'reply YES to use this phone.';
/** What every sign-up that has to wait is promised. */
const NUMBER_SOON = "We'll text you your number as soon as";

/** How an owner is told that a counterpart's number may not be texted ("we couldn't text them back: premium-rate number"). */
export const COULD_NOT_TEXT = "we couldn't text them back";

/**
 * What the owner's alert says of a text-back that was not sent: why it was skipped, or that Twilio did not take it
 * (and whether it is being tried again from the queue).
 */
export function textBackNote(delivery: Delivery): string | undefined {
  if (delivery.state === 'skipped') return delivery.reason;
  if (delivery.state === 'failed') return delivery.retry ? `${COULD_NOT_TEXT} yet: we'll keep trying` : COULD_NOT_TEXT;
  return undefined;
}

// Every SMS text the service sends, in one place so the wording stays consistent. Each text is its own export, read
// as `import * as smsText`: esbuild keeps only the texts a bundle's flows send (one object would carry them all).

/** What a refused business name held, as the owner is told. */
const NAME_REFUSED = {
  link: 'a web address',
  email: 'an email address',
  'phone-number': 'a phone number',
  invisible: 'invisible characters',
  'mixed-script': 'letters of two alphabets',
  characters: 'symbols or letters outside the Latin alphabet',
} as const;

// What a business's customers get (text-back, acknowledgement, HELP, opt-out line, spoken lines) is in their
// business's language: shared/domain/texts/ (en.ts, es.ts). These, the owner's and sign-up's, stay English.

/** What the owner's TEXTBACK / AFTERHOURS / GREETING (or admin set-text) now gives callers, exactly. */
export const ownerWordsPreview = (
  who: string,
  preview: string,
  segments: number | undefined,
  ucs2Character: string | undefined,
) =>
  `${who}: "${preview}"${segments ? ` (${segments} segment${segments > 1 ? 's' : ''}).` : ''}${ucs2Character ? ` Note: "${ucs2Character}" makes it UCS-2: twice the cost.` : ''}`;
/** `word` only when the owner's own words were set: how to go back to the default. */
export const ownerWordsSet = (preview: string, word: string | undefined) =>
  `Done. ${preview}${word ? ` ${word} RESET for the default.` : ''}`;
export const ownerLinkDomain = (domain: string | undefined) =>
  domain ? `Done. Your texts may link to ${domain}. LINKS OFF to stop.` : 'Done. New texts may not link.';
export const ownerWordsRefused = (problem: string, form: string) => `Not changed: ${problem}. Write it as ${form}.`;

/** One voicemail, once (issue 12): the transcript, or that there is none; the link only when recordings are public. */
export const ownerVoicemail = (
  ref: number | undefined,
  caller: string,
  transcript: string | undefined,
  recordingLink: string | undefined,
  urgent?: string,
) =>
  [
    `${urgent ? `URGENT (${urgent}) ` : ''}${ref !== undefined ? `#${ref} ` : ''}Voicemail from ${caller}: ${transcript ?? '(no transcript: the recording is waiting for you)'}`,
    ...(recordingLink ? [`Listen: ${recordingLink}`] : []),
  ].join('\n');

export const ownerCallSettings = (summary: string) => `Done. ${summary}`;
export const ownerEmergencyRing = (on: boolean) =>
  on
    ? 'A customer who reports an emergency (gas, carbon monoxide, flooding, sparking) now also rings your phone, even out of hours. EMERGENCY RING OFF to stop.'
    : 'Emergencies reach you by URGENT text only, without a call. EMERGENCY RING ON to be rung too.';
export const ownerCallSettingsHelp = (problem: string) =>
  `Not changed: ${problem}. Text RING ON, RING OFF, HOURS Mon-Fri 08:00-18:00 or HOURS OFF.`;

export const ownerMissedCall = (
  businessName: string,
  caller: E164 | undefined,
  textedBack: boolean,
  reason?: string,
) =>
  !caller
    ? `Missed call to ${businessName} from a withheld or invalid number. No text-back was possible.`
    : textedBack
      ? `Missed call to ${businessName} from ${caller}. We've texted them back.`
      : reason?.startsWith(COULD_NOT_TEXT)
        ? `Missed call to ${businessName} from ${caller}. ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`
        : `Missed call to ${businessName} from ${caller}. No text-back sent (${reason}).`;

export const customerCapReached = (businessName: string, cap: number | undefined) =>
  `${businessName} has sent its ${cap ?? 'daily'} texts to customers for today: callers get no text-back until midnight. You still get every alert.`;
export const ownerCapReached = (businessName: string, cap: number) =>
  `${businessName} has had its ${cap} alerts for today. Further calls and texts are kept on their jobs until midnight: text JOBS to see them.`;

export const ownerForward = (
  ref: number,
  customer: string,
  body: string,
  mediaUrls: readonly string[],
  isNewJob: boolean,
) =>
  [
    `#${ref} ${isNewJob ? 'New job' : 'Message'} from ${customer}:`,
    body,
    ...mediaUrls.map((url) => `Photo: ${url}`),
    ...(isNewJob
      ? [`Reply here to answer them (or "#${ref} your text"). JOBS lists open jobs, DONE #${ref} closes this one.`]
      : []),
  ]
    .filter((line) => line.length > 0)
    .join('\n');

export const ownerJobList = (jobs: ReadonlyArray<{ ref: number; customer: string; lastMessage: string }>) => {
  if (jobs.length === 0) return 'No open jobs.';
  // Within one text: as many jobs as fit (most recent first), then how many more there are.
  const heading = 'Open jobs:';
  const lines = [heading];
  let length = heading.length;
  for (const [index, job] of jobs.entries()) {
    const line = `#${job.ref} ${job.customer}: ${job.lastMessage.slice(0, 40)}`;
    if (length + 1 + line.length + 40 > MAX_BODY_LENGTH && index < jobs.length - 1) {
      lines.push(`+${jobs.length - index} more open jobs (text "#ref" replies to any of them)`);
      break;
    }
    lines.push(line);
    length += 1 + line.length;
  }
  return lines.join('\n');
};

export const ownerJobClosed = (ref: number) => `Job #${ref} closed.`;
export const ownerNoSuchJob = (ref: number) => `There is no open job #${ref}. Text JOBS to see your open jobs.`;
export const ownerNoOpenJob = () => 'There is no open job to reply to. Text JOBS to see your open jobs.';
export const ownerReplyNotSent = (ref: number, reason: string) => `Your reply to job #${ref} was not sent: ${reason}.`;
/** HELP (or COMMANDS) from the owner: every command, and that a text starting with one is never sent on. */
export const ownerCommandList = () =>
  [
    'Your commands (a text starting with one is never sent to a customer):',
    'JOBS: your open jobs',
    'DONE #12: close job 12',
    '#12 your text: reply to job 12',
    'RING ON / RING OFF: ring your phone first, or not',
    'HOURS Mon-Fri 08:00-18:00 / HOURS OFF: opening hours',
    'NEVER +44… / NEVER #12 / NEVER REMOVE … / NEVER LIST: never text a number',
    'SPAM ON / STRICT / OFF: no text-back if caller ID failed verification',
    'TEXTBACK / AFTERHOURS / GREETING your words (or RESET): what callers get; LINKS yoursite.com allows links',
    'LANGUAGE ES / LANGUAGE EN: Spanish or English for your callers and customers',
    'EMERGENCY RING ON / OFF: ring you, even out of hours, when a customer reports an emergency',
    'REVIEWS link / OFF: review asks after DONE; DIGEST ON / OFF: Monday summary',
    'Anything else goes to the customer of your latest job.',
  ].join('\n');
/** A command word first, but not its form: nothing was sent to anyone. */
export const ownerCommandMalformed = (word: string, form: string) =>
  `Not sent to any customer: a text starting with ${word} is a command. Write it as ${form}. To send it to a customer, put the job first: #12 your text. HELP lists the commands.`;
/** A relayed reply with a link or a phone number, shown to the owner's phone: a forged one cannot go unseen. */
export const ownerRelayConfirmation = (ref: number, customer: string, body: string) => {
  const heading = `Sent to ${customer} (job #${ref}): `;
  return heading + cutToLength(body, MAX_BODY_LENGTH - smsLength(heading));
};

export const onboardingWelcome = () =>
  "Welcome! Let's set up missed-call text-back for your business. First, what is your business name? (Text HELP for help, RESTART to start over.)";
export const onboardingAskNotifyPhone = (businessName: string, sender: E164) =>
  `Thanks, ${businessName}! Which phone should get your missed-call alerts? Reply YES to use this one (${sender}), or send another number.`;
export const onboardingBadName = (reason: BusinessNameRefusal) =>
  reason === 'length'
    ? 'Please send your business name (2 to 40 characters).'
    : reason === 'too-close'
      ? 'That name is too close to an existing business name. Please send the name of your business.'
      : `A business name can't contain ${NAME_REFUSED[reason]}. Please send just the name of your business.`;
export const onboardingOwnNumber = () =>
  `That is one of our service's own numbers, so it can't get your alerts. Send the phone that should get them, with its country code, or ${USE_THIS_PHONE}`;
export const onboardingOwnerPhoneRefused = (reason: string) =>
  `Sorry, this phone can't be a business's owner phone: it is a ${reason}. Alerts and calls only go to a mobile in a country we serve.`;
export const onboardingAlertPhoneRefused = (phone: E164, reason: string) =>
  `${phone} can't get your alerts: it is a ${reason}. Send a mobile number in a country we serve, or ${USE_THIS_PHONE}`;
export const onboardingAlertPhoneNotAllowed = (phone: E164, reason: string) =>
  `${phone} can't get your alerts: it is a ${reason}. Send another phone number for them, or ${USE_THIS_PHONE}`;
export const onboardingBadPhone = () =>
  `That doesn't look like a phone number. Send it with its country code (like +447700900123), or ${USE_THIS_PHONE}`;
export const onboardingConfirm = (businessName: string, notifyPhone: E164) =>
  `Please confirm: business "${businessName}", alerts to ${notifyPhone}. Reply YES to get your number, or RESTART to change the details.`;
export const onboardingConfirmOtherPhone = (businessName: string, notifyPhone: E164) =>
  `Please confirm: business "${businessName}", alerts to ${notifyPhone}. We'll text that phone once to ask it to accept. Reply YES to continue, or RESTART to change the details.`;
/** The one text an alert phone named by someone else ever gets before it answers. */
export const alertPhoneRequest = (requester: E164, businessName: string) =>
  `${requester} is setting up missed-call alerts for "${businessName}" and asked for them to come to this phone. Reply YES to accept, or NO to refuse. If you don't reply, nothing more will be sent.`;
export const onboardingAlertPhoneAsked = (notifyPhone: E164) =>
  `We've texted ${notifyPhone} to ask it to accept your alerts. Your sign-up finishes when it replies YES (within 24 hours).`;
export const onboardingAlertPhoneBusy = () =>
  `That phone can't be asked right now. Send another phone number for your alerts, or ${USE_THIS_PHONE}`;
export const onboardingAwaitingAlertPhone = (notifyPhone: E164) =>
  `We're waiting for ${notifyPhone} to reply YES. Text RESTART to use another phone.`;
export const onboardingAlertRequestExpired = (notifyPhone: E164) =>
  `${notifyPhone} didn't reply within 24 hours, so the request has lapsed. Send another phone number for your alerts, or ${USE_THIS_PHONE}`;
export const onboardingAlertPhoneDeclined = (notifyPhone: E164) =>
  `${notifyPhone} did not accept your alerts. Send another phone number for them, or ${USE_THIS_PHONE}`;
export const alertPhoneAccepted = (businessName: string) =>
  `Thanks! Missed-call alerts for ${businessName} will come to this phone.`;
export const alertPhoneDeclined = () => 'Thanks. Nothing was set up, and no more texts will come about it.';
export const alertRequestClosed = () => 'That request is no longer open, so nothing was set up.';
export const onboardingAwaitingApproval = () =>
  `Thanks! Every new business is checked before it goes live. ${NUMBER_SOON} yours is approved.`;
export const onboardingStillAwaitingApproval = () =>
  `Your sign-up is waiting to be checked. ${NUMBER_SOON} it's approved.`;
export const onboardingRejected = () =>
  "Sorry, we can't set up missed-call text-back for your business. Thank you for your interest.";
export const onboardingRateLimited = () =>
  `Thanks! We're setting up a lot of businesses right now, so you're on the waiting list. ${NUMBER_SOON} we can.`;
export const onboardingConfirmAgain = () => 'Reply YES to get your number, or RESTART to change the details.';
export const onboardingAssigned = (businessName: string, number: E164) =>
  `${businessName} is set up! Your missed-call number is ${number}. ${forwardingInstructions(number)}`;
export const onboardingAlreadyAssigned = (businessName: string, number: E164) =>
  `You're already set up: ${businessName}'s missed-call number is ${number}. ${forwardingInstructions(number)}`;
export const onboardingWaitingList = () =>
  `Thanks! All our numbers are taken right now, so you're on the waiting list. ${NUMBER_SOON} one is free.`;
export const onboardingStillWaiting = () => `You're still on the waiting list. ${NUMBER_SOON} one is free.`;
export const onboardingHelp = () =>
  'This number sets up missed-call text-back for your business: we ask your business name and the phone for alerts, then give you a number. Text RESTART to start over.';

/** How to send unanswered calls to the business number: the GSM conditional forwarding code, and what to do when it differs. */
export function forwardingInstructions(number: E164): string {
  return `To send calls you don't answer to it, dial **61*${number}# on your mobile and press call. If that doesn't work on your network, ask your carrier to forward unanswered calls to ${number}.`;
}

/** Issue 19: the never-text list. */
export const ownerNeverText = (phone: E164, listed: boolean) =>
  listed
    ? `Done. ${phone} is on your never-text list: you still hear of its calls and texts, it gets no automatic texts.`
    : `Done. ${phone} is off your never-text list.`;
export const ownerNeverTextRefused = (why: string) => `Not changed: ${why}. NEVER LIST shows your list.`;
export const ownerNeverTextList = (list: readonly E164[]) =>
  `Your never-text list (${list.length}): ${list.join(', ') || 'empty'}`;

/** Issue 19: `LANGUAGE ES|EN`. */
export const ownerLanguage = (spanish: boolean) =>
  `Done. Your callers and customers now get texts and the greeting in ${spanish ? 'Spanish. LANGUAGE EN for English' : 'English. LANGUAGE ES for Spanish'}.`;

/** Issue 19: `SPAM ON|STRICT|OFF`. */
export const ownerSpamScreen = (screen: 'on' | 'strict' | 'off') =>
  screen === 'off'
    ? 'Every caller gets a text-back.'
    : `No text-back to callers whose caller ID failed${screen === 'on' ? '' : ' or lacked'} verification; you still hear of their calls.`;

/** Issue 19: `REVIEWS <link>` / `REVIEWS OFF` / `DIGEST ON|OFF`, confirmed (after "Done. "). */
export const ownerReviewsSet = (link: string | null) =>
  link ? `After DONE, the customer gets ${link} (once in 90 days).` : 'Reviews off.';
export const ownerDigestSet = (on: boolean) => `Monday digest ${on ? 'on' : 'off'}.`;

/** Issue 19: the Monday digest of the week before, in one text (two segments at most). */
export const ownerDigest = (week: {
  from: string;
  missedCalls: number;
  textedBack: number;
  jobsOpened: number;
  jobsClosed: number;
  stillOpen: string;
  oldestUnanswered?: string;
  medianReply?: string;
}) =>
  [
    `Your week from ${week.from}: missed calls ${week.missedCalls}, texted back ${week.textedBack};`,
    `jobs opened ${week.jobsOpened}, closed ${week.jobsClosed}, still open ${week.stillOpen}.`,
    week.oldestUnanswered ? `Waiting longest: ${week.oldestUnanswered}.` : '',
    week.medianReply ? `First reply (median): ${week.medianReply}.` : '',
    'DIGEST OFF to stop.',
  ]
    .filter(Boolean)
    .join(' ');
