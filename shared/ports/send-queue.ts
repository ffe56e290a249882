import type { ResendPlan } from '../domain/sending/delivery';

/** Which record holds the delivery a queued send finishes: a call's, a message's or a voicemail's field. */
export interface DeliveryTarget {
  record: 'call' | 'message' | 'voicemail';
  /** The CallSid, MessageSid or RecordingSid the record is kept under. */
  sid: string;
  /** The delivery's field on it: textBack, ownerNotification, forward, acknowledgement, reply, ownerText... */
  field: string;
}

/** A text Twilio failed to take, waiting on the route's redelivery queue to be sent (at most once) later. */
export interface QueuedSend {
  kind: 'send';
  target: DeliveryTarget;
  plan: ResendPlan;
  /** When it was queued (ISO 8601). */
  queuedAt: string;
}

/** Where texts to finish wait: the route's redelivery queue, whose consumer sends them with its backoff. */
export interface SendQueue {
  /** Throws when the queue cannot be reached: the text is then recorded as failed. */
  enqueueSend(send: QueuedSend): Promise<void>;
}
