import type { CallStatusUpdate } from '../../shared/domain/calls/handle-call-status';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import {
  deliverVoicemail,
  recordVoicemail,
  type RecordingCallback,
  type TranscriptionCallback,
} from '../../shared/domain/calls/take-voicemail';
import { InvalidWebhookError } from '../../shared/domain/common/errors';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import type { WebhookParams } from '../../shared/http/webhook-types';
import type { Metrics } from '../../shared/ports/metrics';
import type { WebhookWork } from '../../shared/redelivery/queue-consumer';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import type { CallStatusPorts } from './wiring';

/**
 * Each status route's work on its verified parameters: its parameters read into the use case's input, and the use case.
 * The webhook runs it (create-handler.ts), and so does the route's redelivery consumer (redelivery.ts), which never
 * loads the webhook's HTTP edge (middy, the signature check).
 */
export function statusWorks(ports: CallStatusPorts): Record<StatusRoute, WebhookWork> {
  return {
    [WEBHOOK_ROUTES.status]: (params, metrics) =>
      handleCallStatus(callStatusUpdate(params), { ...ports.missedCall, metrics }),
    [WEBHOOK_ROUTES.recording]: (params, metrics) =>
      recordVoicemail(recordingCallback(params), { ...ports.voicemail, metrics }),
    [WEBHOOK_ROUTES.transcription]: (params, metrics) =>
      deliverVoicemail(transcriptionCallback(params), { ...ports.voicemail, metrics }),
  };
}

/**
 * The transcription's work when its token was checked at the webhook: the voicemail is delivered only if the token's
 * client still owns the number (a number given to another business since carries nothing over). The redelivery
 * consumer runs the plain work: the token was checked before the webhook was queued.
 */
export function deliverBoundVoicemail(
  ports: CallStatusPorts,
  params: WebhookParams,
  metrics: Metrics,
  boundClientId: string,
): Promise<unknown> {
  return deliverVoicemail({ ...transcriptionCallback(params), boundClientId }, { ...ports.voicemail, metrics });
}

export type StatusRoute =
  | typeof WEBHOOK_ROUTES.status
  | typeof WEBHOOK_ROUTES.recording
  | typeof WEBHOOK_ROUTES.transcription;

/** A call's status callback (POST /twilio/status). */
export function callStatusUpdate(params: WebhookParams): CallStatusUpdate {
  const forwardedFrom = optionalParam(params, 'ForwardedFrom');
  const direction = optionalParam(params, 'Direction');
  return {
    ...callParties(params),
    callStatus: requireParam(params, 'CallStatus'),
    ...(direction ? { direction } : {}),
    ...(forwardedFrom ? { forwardedFrom } : {}),
  };
}

/** A voicemail's recordingStatusCallback (POST /twilio/status/recording). */
export function recordingCallback(params: WebhookParams): RecordingCallback {
  const duration = optionalParam(params, 'RecordingDuration');
  return {
    callSid: requireSid(params, 'CallSid'),
    ...recordingOf(params),
    recordingStatus: requireParam(params, 'RecordingStatus'),
    ...(duration && /^\d{1,6}$/.test(duration) ? { recordingDuration: Number(duration) } : {}),
  };
}

/** A voicemail's transcribeCallback (POST /twilio/status/transcription). */
export function transcriptionCallback(params: WebhookParams): TranscriptionCallback {
  const text = optionalParam(params, 'TranscriptionText');
  return {
    ...callParties(params),
    ...recordingOf(params),
    transcriptionStatus: requireParam(params, 'TranscriptionStatus'),
    ...(text !== undefined ? { transcriptionText: text } : {}),
  };
}

/** The call a callback speaks of, and between whom (Twilio may leave From out: it is then ''). */
function callParties(params: WebhookParams): { callSid: string; to: string; from: string } {
  return {
    callSid: requireSid(params, 'CallSid'),
    to: requireParam(params, 'To'),
    from: optionalParam(params, 'From') ?? '',
  };
}

/** The voicemail's recording, as the recording and transcription callbacks both name it. */
function recordingOf(params: WebhookParams): { recordingSid: string; recordingUrl: string } {
  return {
    recordingSid: requireSid(params, 'RecordingSid'),
    recordingUrl: httpsUrl(requireParam(params, 'RecordingUrl'), 'RecordingUrl'),
  };
}

/** A recording URL goes into a job and maybe a text: only an http(s) URL of bounded length is kept. */
function httpsUrl(value: string, name: string): string {
  if (value.length > 500 || !/^https?:\/\/[^\s]+$/.test(value))
    throw new InvalidWebhookError(`parameter ${name} is not a URL`);
  return value;
}
