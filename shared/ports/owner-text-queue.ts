import type { E164 } from '../domain/numbers/phone-number';
import type { Tenure } from '../domain/numbers/tenure';
import type { JobGlance } from '../domain/after-job/week-figures';

/**
 * Issue 19: a text the owner-texts job sends when it is due: a finished job's review request (held until the
 * customer's 08:00-21:00), or a business's Monday digest. One small item each, in time order, so a run reads what is
 * due with one Query and never scans.
 */
export type QueuedOwnerText =
  | { kind: 'review'; business: Tenure; customer: E164; jobRef: number }
  | { kind: 'digest'; business: Tenure };

/** As the queue holds it: when it is due, and a run's claim on it if one took it. */
export type DueOwnerText = QueuedOwnerText & {
  /** The item's key in the queue (its due time comes first). */
  key: string;
  dueAt: string;
  /** When it was first queued: a text queued too long ago is dropped rather than sent absurdly late. */
  queuedAt: string;
  /** Runs that took it so far. */
  attempts: number;
  /** Attempts whose answer from Twilio was lost: a text created then is looked up before sending again. */
  lostAnswers: ReadonlyArray<{ from: string; until: string }>;
};

export type TakeResult =
  | { taken: false }
  | { taken: true; lostAnswers: ReadonlyArray<{ from: string; until: string }> };

/** What the SMS function needs: DONE queues a review request, DIGEST ON the business's first digest. */
export interface OwnerTextEnqueue {
  /** Queues the text due at `dueAt` (a second identical one is the same item). */
  enqueue(text: QueuedOwnerText, dueAt: Date): Promise<void>;
}

/** What the scheduled job needs of the queue. */
export interface OwnerTextQueue extends OwnerTextEnqueue {
  /** At most `limit` texts due at `now`, earliest first (one Query; strongly consistent). */
  listDue(now: Date, limit: number): Promise<DueOwnerText[]>;
  /**
   * Takes the text for this run until `until` (one conditional write): false when another run holds it or it is gone.
   * A run that died holding it leaves it to the next run once `until` has passed; that run gets the window the dead
   * one held it in among `lostAnswers`, to look the text up in Twilio's log before sending it again.
   */
  take(text: DueOwnerText, now: Date, until: Date): Promise<TakeResult>;
  /** Done with it (sent, refused, or dropped): removed. */
  finish(text: DueOwnerText): Promise<void>;
  /** Moved to `dueAt` (held until the window opens, or next week's digest), in one transaction; no longer taken. */
  move(text: DueOwnerText, dueAt: Date): Promise<void>;
  /** Given back for the next run, with the window of an attempt whose answer was lost, if any. */
  release(text: DueOwnerText, lostAnswer?: { from: string; until: string }): Promise<void>;
}

/**
 * Once-markers under the business's own partition: a customer asked for a review in the last 90 days, a week's digest
 * sent. Taken with the text's body before it is sent; the run holding the queue item that took it may take it again
 * (a run that died after taking it), and gets the body it stored, to look it up in Twilio's log.
 */
export interface OwnerTextMarkers {
  /** The body stored with the marker when this text (`by`) holds it; undefined when another holds it (not sent). */
  mark(
    business: Tenure,
    marker: { kind: 'review'; customer: E164; since: Date } | { kind: 'digest'; week: string },
    by: string,
    body: string,
    at: Date,
  ): Promise<string | undefined>;
}

/** The SMS function's side (issue 19): DONE counts the closed job on its week and may queue the review request. */
export interface AfterJobBook extends OwnerTextEnqueue {
  /** One write: a note of the closed job for the digest (CLOSED#<closedAt>), and the review request when there is one. */
  jobClosed(business: Tenure, job: JobGlance & { closedAt: Date }, review?: QueuedOwnerText): Promise<void>;
}
