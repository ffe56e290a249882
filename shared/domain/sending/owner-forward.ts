import { cutToLength, MAX_BODY_LENGTH, smsLength } from './sms-length';

/** A forward is at most this many texts; past that the text is cut and the owner pointed to the job, which keeps it all. */
export const MAX_FORWARD_PARTS = 2;

export interface ForwardedMessage {
  ref: number;
  /** How the customer is shown: their number, or the sender ID of a sender that cannot be replied to. */
  customer: string;
  body: string;
  mediaUrls: readonly string[];
  isNewJob: boolean;
  /** Said on the forward when the customer cannot be texted back (an alphanumeric sender, a refused destination). */
  cannotReply?: string;
  /** Issue 19: the emergency the text reported ("gas smell or leak"): the forward is the owner's URGENT alert. */
  urgent?: string;
}

/**
 * The texts that tell the owner of a customer's message, each within Twilio's Body limit. Photo links are listed
 * while they fit and the rest summarised ("+7 more photos, kept on job #12"); a long message goes in numbered
 * parts, at most MAX_FORWARD_PARTS, and is cut past that. The job always keeps the full text and every link.
 */
export function ownerForwardTexts(message: ForwardedMessage): string[] {
  const { ref } = message;
  const header = `${message.urgent ? `URGENT (${message.urgent}) ` : ''}#${ref} ${message.isNewJob ? 'New job' : 'Message'} from ${message.customer}${message.cannotReply ? ` (${message.cannotReply})` : ''}:`;
  const footer = message.isNewJob
    ? message.cannotReply
      ? `JOBS lists open jobs, DONE #${ref} closes this one.`
      : `Reply here to answer them (or "#${ref} your text"). JOBS lists open jobs, DONE #${ref} closes this one.`
    : '';
  const single = joinLines([
    header,
    message.body,
    mediaLines(message, MAX_BODY_LENGTH - smsLength(joinLines([header, message.body, footer])) - 1),
    footer,
  ]);
  if (smsLength(single) <= MAX_BODY_LENGTH) return [single];

  // Numbered parts: the first carries the header and the start of the text, the last the end, the photos and the footer.
  const partLabel = (index: number) => `(${index + 1}/${MAX_FORWARD_PARTS}) `;
  const media = mediaLines(message, 300);
  const tail = joinLines([media, footer]);
  const firstRoom = MAX_BODY_LENGTH - smsLength(partLabel(0)) - smsLength(header) - 1;
  const lastRoom = MAX_BODY_LENGTH - smsLength(partLabel(1)) - (tail ? smsLength(tail) + 1 : 0);
  const first = splitAt(message.body, firstRoom);
  const rest = message.body.slice(first.length).trimStart();
  const cutNote = `…(cut, full text on job #${ref})`;
  const second = smsLength(rest) <= lastRoom ? rest : cutToLength(rest, lastRoom, cutNote);
  return [`${partLabel(0)}${joinLines([header, first.trimEnd()])}`, `${partLabel(1)}${joinLines([second, tail])}`];
}

/** Photo links while they fit in `room`, then a count of the rest: the links all stay on the job. */
function mediaLines(message: ForwardedMessage, room: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, url] of message.mediaUrls.entries()) {
    const line = `Photo: ${url}`;
    const remaining = message.mediaUrls.length - index - 1;
    const summaryRoom = remaining > 0 ? 40 : 0;
    if (used + smsLength(line) + 1 + summaryRoom > room) {
      const left = message.mediaUrls.length - index;
      lines.push(
        `${lines.length > 0 ? '+' : ''}${left} ${left === 1 ? 'photo' : 'photos'}${lines.length > 0 ? ' more' : ''}, kept on job #${message.ref}`,
      );
      break;
    }
    lines.push(line);
    used += smsLength(line) + 1;
  }
  return lines.join('\n');
}

/** The longest start of `text` within `room`, ending at a space when there is one in its last fifth. */
function splitAt(text: string, room: number): string {
  const cut = cutToLength(text, room, '');
  if (cut.length === text.length) return text;
  const space = cut.lastIndexOf(' ');
  return space > room * 0.8 ? cut.slice(0, space) : cut;
}

function joinLines(lines: string[]): string {
  return lines.filter((line) => line.length > 0).join('\n');
}
