import type { SendBudget } from '../../ports/send-budget';
import type { BusinessLedger } from '../../ports/business-ledger';
import type { ExchangeReader, ExchangeSnapshot } from '../../ports/exchange-reader';
import type { VoicemailJobs } from '../../ports/job-book';
import type { VoicemailLog } from '../../ports/voicemail-log';
import { MetricName } from '../../metric-names';
import { retrySafely } from '../common/retry-safely';
import { businessDay } from './call-settings';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import { passRoleGate, refuse, type RoleRules } from '../numbers/role-gate';
import { TRANSCRIPTION_GATE } from '../numbers/route-gates';
import type { SendDeps } from '../sending/send-text';
import { sendToOwner, type LimitedSendDeps } from '../sending/send-limits';
import { settleDelivery, type SettleDeps } from '../sending/settle-delivery';
import * as smsText from '../sending/sms-text';
import type { Delivery } from '../sending/delivery';
import { takeVoicemailBudget } from './voicemail-budget';
import { tenureOf } from '../numbers/tenure';
import { answerEmergency, emergencyIn, type EmergencyDeps } from '../emergency/answer-emergency';
import type { PublishJobEventDeps } from '../crm/job-event';
import { publishVoicemail } from '../crm/publish-voicemail';

/** Twilio's recordingStatusCallback. It carries no From/To: the recording is only stored here, nothing is sent. */
export interface RecordingCallback {
  callSid: string;
  recordingSid: string;
  recordingUrl: string;
  recordingStatus: string;
  recordingDuration?: number;
}

export interface RecordVoicemailDeps extends Pick<SendDeps, 'logger' | 'metrics' | 'clock'> {
  voicemails: VoicemailLog;
}

/** Stores the recording callback once per RecordingSid; counts `voice.voicemail.recorded` on its first delivery. */
export async function recordVoicemail(
  recording: RecordingCallback,
  deps: RecordVoicemailDeps,
): Promise<'recorded' | 'duplicate'> {
  const fields = {
    callSid: recording.callSid,
    recordingSid: recording.recordingSid,
    recordingStatus: recording.recordingStatus,
  };
  const { first } = await retrySafely(
    {
      sid: recording.recordingSid,
      metric: MetricName.VOICEMAIL_NOT_RECORDED,
      message: 'recording callback not stored: queued to finish later',
      fields,
    },
    deps,
    () =>
      deps.voicemails.recordRecording({
        recordingSid: recording.recordingSid,
        callSid: recording.callSid,
        url: recording.recordingUrl,
        status: recording.recordingStatus,
        ...(recording.recordingDuration !== undefined ? { durationSeconds: recording.recordingDuration } : {}),
        at: deps.clock.now(),
      }),
  );
  if (!first) return 'duplicate';
  if (recording.recordingStatus === 'completed') deps.metrics.count(MetricName.VOICEMAIL_RECORDED);
  deps.logger.info('voicemail recording stored', fields);
  return 'recorded';
}

/** Twilio's transcribeCallback: the standard call parameters (From, To, CallSid) plus the transcription's. */
export interface TranscriptionCallback {
  callSid: string;
  to: string;
  from: string;
  recordingSid: string;
  recordingUrl: string;
  /** `completed` or `failed`. */
  transcriptionStatus: string;
  transcriptionText?: string;
  /** The client the callback URL's token names (voicemail-token.ts), when the webhook checked it. */
  boundClientId?: string;
}

export interface DeliverVoicemailDeps
  extends LimitedSendDeps,
    SettleDeps,
    RoleRules,
    EmergencyDeps,
    Pick<PublishJobEventDeps, 'jobEvents'> {
  exchanges: ExchangeReader;
  ledger: BusinessLedger;
  jobs: VoicemailJobs;
  voicemails: VoicemailLog;
  /** RECORDINGS_PUBLIC: the link goes in the text only when the account's media needs no credentials. */
  recordingsPublic: boolean;
  /** VOICEMAILS_PER_CALLER: voicemails per caller per business per UTC day that reach the owner. */
  voicemailsPerCallerPerDay: number;
  /** Takes, and reads back how many voicemails the caller left today (voicemail-budget.ts). */
  budget: SendBudget;
}

/** Why the owner was not texted about a voicemail past VOICEMAILS_PER_CALLER. */
const VOICEMAIL_BUDGET_SPENT = 'voicemail budget of this caller spent';

export type VoicemailOutcome =
  | 'owner-notified'
  | 'voicemail-budget-spent'
  | 'not-this-client'
  | 'duplicate'
  | 'daily-cap-reached'
  | 'onboarding-number-refused'
  | 'system-number-ignored'
  | 'operational-without-client';

/**
 * The transcription callback (completed or failed) is the moment the owner hears of the voicemail: it carries the
 * caller, the business, the recording and the transcript, whichever of Twilio's callbacks came first. The voicemail
 * goes on the caller's job (their open one, or a new one), then one text to the owner, at most once per RecordingSid
 * and at most VOICEMAILS_PER_CALLER per caller per day.
 */
export async function deliverVoicemail(
  transcription: TranscriptionCallback,
  deps: DeliverVoicemailDeps,
): Promise<VoicemailOutcome> {
  const fields = {
    callSid: transcription.callSid,
    recordingSid: transcription.recordingSid,
    to: maskPhoneNumber(transcription.to),
    from: maskPhoneNumber(transcription.from),
  };
  const caller = textableCallerNumber(transcription.from);
  const untilDone = <T>(step: () => Promise<T>) =>
    retrySafely(
      {
        sid: transcription.recordingSid,
        metric: MetricName.VOICEMAIL_NOT_RECORDED,
        message: 'voicemail not stored: queued to finish later',
        fields,
      },
      deps,
      step,
    );

  const gate = await passRoleGate(
    TRANSCRIPTION_GATE,
    { to: transcription.to, fields },
    (number) => untilDone(() => deps.exchanges.read(number, caller)),
    deps,
  );
  if (gate.kind !== 'client') return refuse(gate, deps);
  const { phone: business, client } = gate.number;
  // Bound to another client's call: the number changed hands since the voicemail was recorded.
  if (transcription.boundClientId !== undefined && transcription.boundClientId !== client.id) {
    deps.metrics.count(MetricName.VOICEMAIL_FORGED);
    deps.logger.warn('voicemail recorded for another client of this number: refused', fields);
    return 'not-this-client';
  }
  const transcript = transcriptOf(transcription);
  const now = deps.clock.now();

  // On the caller's job first (once per RecordingSid), so a redelivery after a failure finds it there.
  const jobRef = caller
    ? await untilDone(() =>
        addToCallersJob(transcription, transcript, { business, client, caller, snapshot: gate.reading, now }, deps),
      )
    : undefined;

  const { recordingSid, callSid } = transcription;
  if (!(await untilDone(() => deps.voicemails.claimOwnerText(recordingSid, callSid, now)))) {
    deps.metrics.count(MetricName.STATUS_DUPLICATE);
    deps.logger.info('repeated transcription callback: the owner was already told', fields);
    return 'duplicate';
  }
  if (transcript) deps.metrics.count(MetricName.VOICEMAIL_TRANSCRIBED);
  // Issue 19: matched in memory; the owner's text is then URGENT, and the safety reply and ring follow it, under the
  // same claim (once per RecordingSid).
  const emergency = emergencyIn(transcript, business, client, now, deps);
  const voicemail = { business, client, caller, transcript, jobRef, urgent: emergency?.alert };
  const outcome = await tellOwnerOfVoicemail(transcription, voicemail, deps, fields);
  if (emergency) {
    const optedOut = gate.reading.counterpartOptedOut;
    const urgent = await answerEmergency(emergency, { business, client, customer: caller, optedOut, jobRef }, deps);
    deps.logger.info('voicemail emergency answered', {
      ...fields,
      safetyReply: urgent.safetyReply.state,
      ring: urgent.ring,
    });
  }
  await publishVoicemail(transcription, voicemail, now, deps);
  return outcome;
}

/**
 * The one text to the owner about a claimed voicemail, within the caller's voicemail budget and the owner's daily
 * budget (DAILY_OWNER_SMS_CAP, like missed-call alerts, never the customer-facing cap); what became of it is recorded
 * on the voicemail.
 */
async function tellOwnerOfVoicemail(
  transcription: TranscriptionCallback,
  voicemail: { business: E164; client: Client; caller?: E164; transcript?: string; jobRef?: number; urgent?: string },
  deps: DeliverVoicemailDeps,
  fields: Record<string, string>,
): Promise<VoicemailOutcome> {
  const { business, client, caller, transcript, jobRef, urgent } = voicemail;
  const withinBudget = await takeVoicemailBudget(business, client, caller, deps, fields);
  const delivery: Delivery = withinBudget
    ? await sendToOwner(
        business,
        client,
        [
          smsText.ownerVoicemail(
            jobRef,
            caller ?? 'a withheld number',
            transcript,
            deps.recordingsPublic ? transcription.recordingUrl : undefined,
            urgent,
          ),
        ],
        'owner-voicemail',
        deps,
      )
    : { state: 'skipped', reason: VOICEMAIL_BUDGET_SPENT };
  if (delivery.state === 'sent') deps.metrics.count(MetricName.VOICEMAIL_OWNER_NOTIFIED);
  // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
  const ownerText = await settleDelivery(
    { record: 'voicemail', sid: transcription.recordingSid, field: 'ownerText' },
    delivery,
    deps,
  );
  // The text went (or not) under the claim: a failure to note it is logged, never a second text.
  await deps.voicemails
    .recordOwnerText(transcription.recordingSid, {
      delivery: ownerText,
      ...(jobRef !== undefined ? { jobRef } : {}),
      transcriptionStatus: transcription.transcriptionStatus,
    })
    .catch((error: unknown) =>
      deps.logger.error('voicemail owner text not recorded', { ...fields, error: String(error) }),
    );
  deps.logger.info('voicemail delivered to the owner', {
    ...fields,
    jobRef,
    ownerText: delivery.state,
    transcribed: transcript !== undefined,
  });
  if (!withinBudget) return 'voicemail-budget-spent';
  return delivery.state === 'skipped' && delivery.reason === 'daily owner SMS cap reached'
    ? 'daily-cap-reached'
    : 'owner-notified';
}

/** The transcript worth sending: only from a completed transcription, and not blank. */
function transcriptOf(transcription: TranscriptionCallback): string | undefined {
  const text = transcription.transcriptionText?.trim();
  return transcription.transcriptionStatus === 'completed' && text ? text : undefined;
}

/** Puts the voicemail on the caller's open job we read, or a new one with the next reference: its reference. */
async function addToCallersJob(
  transcription: TranscriptionCallback,
  transcript: string | undefined,
  call: { business: E164; client: Client; caller: E164; snapshot: ExchangeSnapshot; now: Date },
  deps: DeliverVoicemailDeps,
): Promise<number | undefined> {
  const { snapshot } = call;
  const voicemail = {
    recordingSid: transcription.recordingSid,
    recordingUrl: transcription.recordingUrl,
    ...(transcript ? { transcript } : {}),
    at: call.now,
  };
  const openJob = snapshot.openJob;
  // Claim, job and message in one transaction.
  const added = await deps.jobs.addVoicemail({
    business: tenureOf(call.client, call.business),
    customer: call.caller,
    voicemail,
    ...(openJob ? { openJob: { jobId: openJob.jobId, ref: openJob.ref } } : {}),
    jobSequence: snapshot.ledger.jobSequence,
    dailyCap: deps.rules.dailySmsCap,
    day: businessDay(call.client, call.now),
  });
  if (added.kind === 'added') return added.ref;
  // Already on the caller's job (a redelivery): the job we read is the one it went on.
  return openJob?.ref;
}
