/** Issue 19 §5: what a business's CRM hears of, one signed POST each. */
export type JobEventType = 'job.opened' | 'job.message' | 'job.voicemail' | 'job.closed' | 'call.missed';

/**
 * One event, as the CRM receives it (the JSON body). `clientId` is the business whose job it is: delivery reads that
 * business's webhook, never the number's current owner's. `id` is fixed by the source (the MessageSid, CallSid or
 * RecordingSid and the type), so a webhook Twilio or our queue delivers twice gives the receiver the same id twice.
 */
export interface JobEvent {
  id: string;
  type: JobEventType;
  clientId: string;
  /** ISO time of what happened. */
  occurredAt: string;
  /** The business number it happened on. */
  business: string;
  /** The customer's number (or `sender:<id>`), when there is one. */
  customer?: string;
  job?: { ref: number; id?: string };
  /** A customer's text, or a voicemail's transcript and recording. */
  message?: { body: string; mediaUrls?: readonly string[] };
  voicemail?: { recordingSid: string; recordingUrl: string; transcript?: string };
  call?: { callSid: string; status: string; textedBack: boolean };
}

/** Where job events go for the business's CRM (issue 19 §5): the CRM queue, delivered by functions/crm. */
export interface JobEvents {
  publish(event: JobEvent): Promise<void>;
}
