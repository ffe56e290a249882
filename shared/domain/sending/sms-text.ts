import type { E164 } from '../numbers/phone-number';
import { MAX_BODY_LENGTH } from './sms-length';

const OPT_OUT_LINE = 'Reply STOP to opt out.';

/** How an owner is told that a counterpart's number may not be texted ("we couldn't text them back: premium-rate number"). */
export const COULD_NOT_TEXT = "we couldn't text them back";

/** Every SMS text the service sends, in one place so the wording stays consistent. */
export const smsText = {
  textBack: (businessName: string) =>
    `Sorry we missed your call at ${businessName}. Reply to this text with what you need and we'll get back to you shortly. ${OPT_OUT_LINE}`,

  ownerMissedCall: (businessName: string, caller: E164 | undefined, textedBack: boolean, reason?: string) =>
    !caller
      ? `Missed call to ${businessName} from a withheld or invalid number. No text-back was possible.`
      : textedBack
        ? `Missed call to ${businessName} from ${caller}. We've texted them back.`
        : reason?.startsWith(COULD_NOT_TEXT)
          ? `Missed call to ${businessName} from ${caller}. ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`
          : `Missed call to ${businessName} from ${caller}. No text-back sent (${reason}).`,

  customerCapReached: (businessName: string, cap: number | undefined) =>
    `${businessName} has sent its ${cap ?? 'daily'} texts to customers for today: callers get no text-back until midnight UTC. You still get every alert.`,
  ownerCapReached: (businessName: string, cap: number) =>
    `${businessName} has had its ${cap} alerts for today. Further calls and texts are kept on their jobs until midnight UTC: text JOBS to see them.`,

  customerAcknowledgement: (businessName: string) =>
    `Thanks for your message to ${businessName}. We've passed it on and will be in touch soon. ${OPT_OUT_LINE}`,

  customerHelp: (businessName: string) =>
    `This is the text line of ${businessName}. Send your job details and we'll pass them on. ${OPT_OUT_LINE}`,

  ownerForward: (ref: number, customer: string, body: string, mediaUrls: readonly string[], isNewJob: boolean) =>
    [
      `#${ref} ${isNewJob ? 'New job' : 'Message'} from ${customer}:`,
      body,
      ...mediaUrls.map((url) => `Photo: ${url}`),
      ...(isNewJob ? [`Reply here to answer them (or "#${ref} your text"). JOBS lists open jobs, DONE #${ref} closes this one.`] : []),
    ]
      .filter((line) => line.length > 0)
      .join('\n'),

  ownerJobList: (jobs: ReadonlyArray<{ ref: number; customer: string; lastMessage: string }>) => {
    if (jobs.length === 0) return 'No open jobs.';
    // Within one text: as many jobs as fit (most recent first), then how many more there are.
    const lines = ['Open jobs:'];
    let length = lines[0]!.length;
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
  },

  ownerJobClosed: (ref: number) => `Job #${ref} closed.`,
  ownerNoSuchJob: (ref: number) => `There is no open job #${ref}. Text JOBS to see your open jobs.`,
  ownerNoOpenJob: () => 'There is no open job to reply to. Text JOBS to see your open jobs.',
  ownerReplyNotSent: (ref: number, reason: string) => `Your reply to job #${ref} was not sent: ${reason}.`,

  onboardingWelcome: () =>
    "Welcome! Let's set up missed-call text-back for your business. First, what is your business name? (Text HELP for help, RESTART to start over.)",
  onboardingAskNotifyPhone: (businessName: string, sender: E164) =>
    `Thanks, ${businessName}! Which phone should get your missed-call alerts? Reply YES to use this one (${sender}), or send another number.`,
  onboardingBadName: () => 'Please send your business name (2 to 60 characters).',
  onboardingBadPhone: () => "That doesn't look like a phone number. Send it with its country code (like +447700900123), or reply YES to use this phone.",
  onboardingConfirm: (businessName: string, notifyPhone: E164) =>
    `Please confirm: business "${businessName}", alerts to ${notifyPhone}. Reply YES to get your number, or RESTART to change the details.`,
  onboardingConfirmAgain: () => 'Reply YES to get your number, or RESTART to change the details.',
  onboardingAssigned: (businessName: string, number: E164) =>
    `${businessName} is set up! Your missed-call number is ${number}. ${forwardingInstructions(number)}`,
  onboardingAlreadyAssigned: (businessName: string, number: E164) =>
    `You're already set up: ${businessName}'s missed-call number is ${number}. ${forwardingInstructions(number)}`,
  onboardingWaitingList: () =>
    "Thanks! All our numbers are taken right now, so you're on the waiting list. We'll text you your number as soon as one is free.",
  onboardingStillWaiting: () => "You're still on the waiting list. We'll text you your number as soon as one is free.",
  onboardingHelp: () =>
    'This number sets up missed-call text-back for your business: we ask your business name and the phone for alerts, then give you a number. Text RESTART to start over.',
} as const;

/** How to send unanswered calls to the business number: the GSM conditional forwarding code, and what to do when it differs. */
export function forwardingInstructions(number: E164): string {
  return `To send calls you don't answer to it, dial **61*${number}# on your mobile and press call. If that doesn't work on your network, ask your carrier to forward unanswered calls to ${number}.`;
}
