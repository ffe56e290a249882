import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import { jobEventId, publishJobEvent, type PublishJobEventDeps } from './job-event';

/** Issue 19 §5: once per RecordingSid (under the claim), after the owner's text; never fails the callback. */
export function publishVoicemail(
  { recordingSid, recordingUrl }: { recordingSid: string; recordingUrl: string },
  {
    business,
    client,
    caller,
    transcript,
    jobRef,
  }: { business: E164; client: Client; caller?: E164; transcript?: string; jobRef?: number },
  now: Date,
  deps: PublishJobEventDeps,
): Promise<void> {
  return publishJobEvent(
    client,
    {
      id: jobEventId('job.voicemail', recordingSid),
      type: 'job.voicemail',
      occurredAt: now.toISOString(),
      business,
      ...(caller ? { customer: caller } : {}),
      ...(jobRef !== undefined ? { job: { ref: jobRef } } : {}),
      voicemail: { recordingSid, recordingUrl, ...(transcript ? { transcript } : {}) },
    },
    deps,
  );
}
