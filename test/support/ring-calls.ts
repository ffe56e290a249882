import { parseSeed, type Seed } from '../../local/seed';
import { voicemailToken } from '../../shared/domain/calls/voicemail-token';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { PATH_TOKEN } from '../../shared/http/path-token';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { TEST_SEED } from './seeds';
import { callEnded, incomingCall, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, type Harness } from './webhook-harness';
import type { TwilioParams } from './twilio-request';

/** The test seed with Ace Plumbing ringing its owner first (issue 12). */
export const RING_SEED: Seed = parseSeed({
  ...TEST_SEED,
  clients: TEST_SEED.clients.map((client) => (client.id === 'c1' ? { ...client, callMode: 'ring' } : client)),
});

/** Ace Plumbing in ring mode with opening hours in London. */
export const RING_WITH_HOURS_SEED: Seed = parseSeed({
  ...TEST_SEED,
  clients: TEST_SEED.clients.map((client) =>
    client.id === 'c1'
      ? { ...client, callMode: 'ring', hours: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/London' }
      : client,
  ),
});

/** Twilio's request to <Number url> on the owner's leg (a child call of the caller's), or its <Gather action> with Digits. */
export function ownerLeg(
  childSid: string,
  parentSid: string,
  business: string,
  owner: string,
  extra: TwilioParams = {},
): TwilioParams {
  return {
    AccountSid: TEST_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: childSid,
    ParentCallSid: parentSid,
    CallStatus: 'in-progress',
    Direction: 'outbound-dial',
    From: business,
    To: owner,
    Caller: business,
    Called: owner,
    ...extra,
  };
}

/** Twilio's <Dial action> request on the caller's call. */
export function dialEnded(
  callSid: string,
  business: string,
  caller: string,
  dialCallStatus: string,
  childSid: string,
): TwilioParams {
  return {
    ...incomingCall(callSid, business, caller),
    CallStatus: 'in-progress',
    DialCallStatus: dialCallStatus,
    DialCallSid: childSid,
    ...(dialCallStatus === 'completed' ? { DialCallDuration: '12' } : {}),
    DialBridged: 'false',
  };
}

/** The clients of the test seeds' business numbers, whose voicemail callbacks the tests post. */
const CLIENT_OF: Record<string, string> = { '+447476955110': 'c1', '+447476955150': 'c3', '+447476955120': 'c2' };

/**
 * The path Twilio posts a voicemail's callback to: the route with the token our <Record> put in its URL, binding it
 * to this call, business and client (computed as the voice function does, with the test auth token).
 */
export function voicemailCallback(
  route: typeof WEBHOOK_ROUTES.recording | typeof WEBHOOK_ROUTES.transcription,
  callSid: string,
  business: string,
  clientId = CLIENT_OF[business] ?? 'c1',
): string {
  const token = voicemailToken(TEST_AUTH_TOKEN, { callSid, business: business as E164, clientId });
  return route.replace(PATH_TOKEN, token);
}

export const recordingUrl = (recordingSid: string) =>
  `https://api.twilio.com/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${recordingSid}`;

/** Twilio's recordingStatusCallback: no From or To. */
export function recordingCompleted(callSid: string, recordingSid: string): TwilioParams {
  return {
    AccountSid: TEST_ACCOUNT_SID,
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: recordingUrl(recordingSid),
    RecordingStatus: 'completed',
    RecordingDuration: '9',
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: new Date().toUTCString(),
  };
}

/** Twilio's transcribeCallback: the call's parameters plus the transcription's. */
export function transcriptionDone(
  callSid: string,
  business: string,
  caller: string,
  recordingSid: string,
  text: string | undefined,
): TwilioParams {
  return {
    ...incomingCall(callSid, business, caller),
    CallStatus: 'completed',
    RecordingSid: recordingSid,
    RecordingUrl: recordingUrl(recordingSid),
    TranscriptionSid: `TR${recordingSid.slice(2)}`,
    TranscriptionStatus: text === undefined ? 'failed' : 'completed',
    TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${recordingSid}/Transcriptions/TR${recordingSid.slice(2)}`,
    ...(text === undefined ? {} : { TranscriptionText: text }),
  };
}

/** A callback Twilio sends after the caller's call has left the greeting (or the dial). */
export type LateCallback = 'dial' | 'status' | 'recording' | 'transcription';

export interface CallFacts {
  callSid: string;
  childSid: string;
  recordingSid: string;
  business: string;
  caller: string;
  owner: string;
  dialCallStatus: string;
  transcript: string | undefined;
  callStatus?: string;
}

/** Posts one of the late callbacks for a call, as Twilio would. */
export function deliver(harness: Harness, callback: LateCallback, call: CallFacts) {
  switch (callback) {
    case 'dial':
      return harness.post(
        WEBHOOK_ROUTES.dialAction,
        dialEnded(call.callSid, call.business, call.caller, call.dialCallStatus, call.childSid),
      );
    case 'status':
      return harness.status(callEnded(call.callSid, call.business, call.caller, call.callStatus ?? 'completed'));
    case 'recording':
      return harness.post(
        voicemailCallback(WEBHOOK_ROUTES.recording, call.callSid, call.business),
        recordingCompleted(call.callSid, call.recordingSid),
      );
    case 'transcription':
      return harness.post(
        voicemailCallback(WEBHOOK_ROUTES.transcription, call.callSid, call.business),
        transcriptionDone(call.callSid, call.business, call.caller, call.recordingSid, call.transcript),
      );
  }
}

/** Every order of the given callbacks, each delivered once. */
export function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    orders([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * Every order in which Twilio can deliver these callbacks, each at least once: every order of one delivery each;
 * every order with one callback redelivered at any later point; and every order delivered twice over.
 */
export function deliveries<T>(items: readonly T[]): T[][] {
  const seen = new Set<string>();
  const out: T[][] = [];
  const add = (sequence: T[]) => {
    const key = JSON.stringify(sequence);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(sequence);
    }
  };
  for (const order of orders(items)) {
    add(order);
    order.forEach((item, index) => {
      for (let at = index + 1; at <= order.length; at += 1) add([...order.slice(0, at), item, ...order.slice(at)]);
    });
    add([...order, ...order]);
  }
  return out;
}
