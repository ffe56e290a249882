import type { Delivery, LostAnswer } from '../domain/sending/delivery';
import type { DeliveryTarget } from './send-queue';

/** A queue consumer's hold on a queued delivery: its attempt's id and when the hold lapses. */
export interface DeliveryHold {
  attempt: string;
  now: Date;
  until: Date;
  /** How long a hold lasts: a lapsed hold this take replaces is a window in which its attempt may have sent it. */
  holdMs: number;
}

export type TakeResult =
  /**
   * Held by this attempt. `lostAnswers`: the windows recorded on the field by earlier attempts, plus, when this attempt
   * took over a hold that lapsed, that hold's window (its consumer died mid-send and may have sent it).
   */
  | { taken: true; lostAnswers: LostAnswer[] }
  /** The record (or its field) is not written yet, or another attempt holds it now: try again later. */
  | { taken: false; why: 'not-recorded-yet' | 'held' }
  /** Someone else finished it (or it was never queued): nothing to do. */
  | { taken: false; why: 'finished'; delivery: Delivery };

/** The delivery fields of calls, messages and voicemails, changed only from state to state, conditionally. */
export interface DeliveryRecords {
  /** queued (or `sending` whose hold lapsed) -> sending, held by `hold.attempt` until `hold.until`. */
  take(target: DeliveryTarget, hold: DeliveryHold): Promise<TakeResult>;
  /** sending (held by `attempt`) -> `delivery`; false when the hold was lost to another attempt. */
  settle(target: DeliveryTarget, attempt: string, delivery: Delivery): Promise<boolean>;
}
