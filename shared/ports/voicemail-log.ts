import type { Delivery } from '../domain/sending/delivery';

export interface RecordingFacts {
  recordingSid: string;
  callSid: string;
  url: string;
  status: string;
  durationSeconds?: number;
  at: Date;
}

/** One item per voicemail (RecordingSid): Twilio's recording callback, and the guard of its one owner text. */
export interface VoicemailLog {
  /** Stores the recording callback; `first` is true only for the first delivery of it. */
  recordRecording(facts: RecordingFacts): Promise<{ first: boolean }>;
  /** Claims the voicemail's owner text; false when another delivery already claimed it. */
  claimOwnerText(recordingSid: string, callSid: string, at: Date): Promise<boolean>;
  /** What the claimed text did. */
  recordOwnerText(
    recordingSid: string,
    outcome: { delivery: Delivery; jobRef?: number; transcriptionStatus: string },
  ): Promise<void>;
}
