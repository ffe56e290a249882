import type { CustomerKey } from '../sms/customer-key';

/**
 * Issue 19: a business's week in figures, as the Monday digest tells the owner. Calls are counted when they happen, in
 * the missed call's claim, on one small item per business per week (its tenure's WEEK#<Monday>): counters only. Jobs
 * are read on Monday from the business's own partition: its open jobs, and a small note per job closed (CLOSED#<at>).
 */
export interface WeekTally {
  missedCalls: number;
  textedBack: number;
}

/** What one missed call adds to its week: `day` is the business's own calendar day of the call (businessDay). */
export interface WeekTallyChange {
  day: string;
  missedCalls?: 1;
  textedBack?: 1;
}

export const TALLY_COUNTERS = ['missedCalls', 'textedBack'] as const;

/** A job as the digest sees it: open (with its last message) or closed in the week. */
export interface JobGlance {
  ref: number;
  openedAt: string;
  firstOwnerReplyAt?: string;
}

export interface OpenJobGlance extends JobGlance {
  customer: CustomerKey;
  lastMessageAt: string;
  /** Whose the last message was: `customer` (or a voicemail) means the owner has not answered since. */
  lastMessageAuthor: string;
}

export interface WeekFigures extends WeekTally {
  jobsOpened: number;
  jobsClosed: number;
  stillOpen: number;
  /** More open jobs than the digest reads (it says "500+"). */
  moreOpen: boolean;
  oldestUnanswered?: { ref: number; customer: CustomerKey; since: string };
  /** The median, in minutes, of the time from a job's opening to the owner's first reply, over replies in the week. */
  medianReplyMinutes?: number;
}

/**
 * The week [from, until) in figures: calls from the tally, jobs opened in it (still open, or closed since), jobs
 * closed in it, the open ones now, the customer waiting longest, and the median first reply of the replies in it.
 */
export function weekFigures(
  week: { from: Date; until: Date },
  tally: WeekTally,
  open: { jobs: readonly OpenJobGlance[]; more: boolean },
  closed: readonly JobGlance[],
): WeekFigures {
  const within = (at: string | undefined) =>
    at !== undefined && Date.parse(at) >= week.from.getTime() && Date.parse(at) < week.until.getTime();
  const all = [...open.jobs, ...closed];
  const replies = all
    .filter((job) => within(job.firstOwnerReplyAt))
    .map((job) => (Date.parse(job.firstOwnerReplyAt as string) - Date.parse(job.openedAt)) / 60_000)
    .sort((a, b) => a - b);
  const waiting = open.jobs
    .filter((job) => job.lastMessageAuthor !== 'owner')
    .sort((a, b) => a.lastMessageAt.localeCompare(b.lastMessageAt))[0];
  const median = replies.length
    ? ((replies[Math.floor((replies.length - 1) / 2)] as number) +
        (replies[Math.ceil((replies.length - 1) / 2)] as number)) /
      2
    : undefined;
  return {
    ...tally,
    jobsOpened: all.filter((job) => within(job.openedAt)).length,
    jobsClosed: closed.length,
    stillOpen: open.jobs.length,
    moreOpen: open.more,
    ...(waiting
      ? { oldestUnanswered: { ref: waiting.ref, customer: waiting.customer, since: waiting.lastMessageAt } }
      : {}),
    ...(median === undefined ? {} : { medianReplyMinutes: median }),
  };
}

/** "25 min", "3 h 10 min", "2 days": a duration as the owner reads it. */
export function durationText(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  if (whole < 48 * 60) return `${Math.floor(whole / 60)} h${whole % 60 ? ` ${whole % 60} min` : ''}`;
  return `${Math.round(whole / 1440)} days`;
}
