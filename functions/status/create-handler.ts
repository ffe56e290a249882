import { renderEmptyMessagingResponse } from '../../shared/adapters/twilio/twiml';
import { handleCallStatus } from '../../shared/domain/calls/handle-call-status';
import { deliverVoicemail, recordVoicemail } from '../../shared/domain/calls/take-voicemail';
import { InvalidWebhookError } from '../../shared/domain/common/errors';
import { queueUnfinishedSends } from '../../shared/domain/sending/queue-unfinished-sends';
import { twimlResponse } from '../../shared/http/responses';
import { routeByResource } from '../../shared/http/route-by-resource';
import { optionalParam, requireParam, requireSid } from '../../shared/http/webhook-params';
import type { WebhookHandler } from '../../shared/http/webhook-types';
import { twilioWebhook } from '../../shared/middleware/twilio-webhook';
import type { WebhookWork } from '../../shared/redelivery/queue-consumer';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import type { StatusWiring } from './wiring';

export const STATUS_ROUTE = WEBHOOK_ROUTES.status;

/**
 * POST /twilio/status: a call's status callback; a missed call to a business number gets its text-back here.
 * POST /twilio/status/recording and /twilio/status/transcription: a voicemail's callbacks.
 */
export function createStatusHandler(wiring: StatusWiring): WebhookHandler {
  const works = statusWorks(wiring);
  const route = (path: keyof typeof works) =>
    twilioWebhook({ path, onFailure: 'empty-response' }, wiring.chain, async (params, metrics) => {
      await works[path](params, metrics);
      return twimlResponse(renderEmptyMessagingResponse());
    });
  return routeByResource({
    [STATUS_ROUTE]: route(STATUS_ROUTE),
    [WEBHOOK_ROUTES.recording]: route(WEBHOOK_ROUTES.recording),
    [WEBHOOK_ROUTES.transcription]: route(WEBHOOK_ROUTES.transcription),
  });
}

/** Each status route's work on its verified parameters: its webhook runs it, and so does its redelivery consumer. */
export function statusWorks(wiring: Pick<StatusWiring, 'missedCall' | 'voicemail'>) {
  const callStatus: WebhookWork = async (params, metrics) => {
    const forwardedFrom = optionalParam(params, 'ForwardedFrom');
    const direction = optionalParam(params, 'Direction');
    const update = {
      callSid: requireSid(params, 'CallSid'),
      to: requireParam(params, 'To'),
      from: optionalParam(params, 'From') ?? '',
      callStatus: requireParam(params, 'CallStatus'),
      ...(direction ? { direction } : {}),
      ...(forwardedFrom ? { forwardedFrom } : {}),
    };
    return handleCallStatus(update, queueUnfinishedSends({ ...wiring.missedCall, metrics }));
  };
  const recording: WebhookWork = async (params, metrics) => {
    const duration = optionalParam(params, 'RecordingDuration');
    return recordVoicemail(
      {
        callSid: requireSid(params, 'CallSid'),
        recordingSid: requireSid(params, 'RecordingSid'),
        recordingUrl: httpsUrl(requireParam(params, 'RecordingUrl'), 'RecordingUrl'),
        recordingStatus: requireParam(params, 'RecordingStatus'),
        ...(duration && /^\d{1,6}$/.test(duration) ? { recordingDuration: Number(duration) } : {}),
      },
      queueUnfinishedSends({ ...wiring.voicemail, metrics }),
    );
  };
  const transcription: WebhookWork = async (params, metrics) => {
    const text = optionalParam(params, 'TranscriptionText');
    return deliverVoicemail(
      {
        callSid: requireSid(params, 'CallSid'),
        to: requireParam(params, 'To'),
        from: optionalParam(params, 'From') ?? '',
        recordingSid: requireSid(params, 'RecordingSid'),
        recordingUrl: httpsUrl(requireParam(params, 'RecordingUrl'), 'RecordingUrl'),
        transcriptionStatus: requireParam(params, 'TranscriptionStatus'),
        ...(text !== undefined ? { transcriptionText: text } : {}),
      },
      queueUnfinishedSends({ ...wiring.voicemail, metrics }),
    );
  };
  return {
    [STATUS_ROUTE]: callStatus,
    [WEBHOOK_ROUTES.recording]: recording,
    [WEBHOOK_ROUTES.transcription]: transcription,
  };
}

/** A recording URL goes into a job and maybe a text: only an http(s) URL of bounded length is kept. */
function httpsUrl(value: string, name: string): string {
  if (value.length > 500 || !/^https?:\/\/[^\s]+$/.test(value))
    throw new InvalidWebhookError(`parameter ${name} is not a URL`);
  return value;
}
