import { callParams, incomingCallOf as incomingCall, twilioSid, type TwilioParams } from './twilio-params';
import { postToTwimlUrl, postWebhook, type WebhookAnswer, type WebhookEndpoint } from './webhook-client';

/** What the owner's phone does when the business rings it first. */
export type OwnerBehaviour = 'answers' | 'declines' | 'no-answer' | 'voicemail';

export interface CallToPlay {
  accountSid: string;
  to: string;
  from: string;
  /** How the call ends when nothing else decides it (forward mode without a voicemail). */
  status: string;
  owner: OwnerBehaviour;
  /** What the caller says after the tone; no voicemail when undefined. */
  voicemail?: string;
  /** Twilio's caller ID verification, sent with the voice webhook only (issue 19), e.g. TN-Validation-Failed-A. */
  stirVerstat?: string;
}

export interface PlayedCall {
  callSid: string;
  answers: WebhookAnswer[];
  /** What happened, in words, step by step. */
  story: string[];
  /** The CallStatus of its status callback. */
  endStatus: string;
}

interface TwimlVerb {
  name: string;
  attributes: Record<string, string>;
  /** Inner text of a leaf (a <Number>'s phone number). */
  text: string;
}

/** The verbs of a TwiML document, in order, with their attributes (our TwiML: no CDATA, no comments). */
export function readTwiml(document: string): TwimlVerb[] {
  const verbs: TwimlVerb[] = [];
  const tag = /<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"]*")*)\s*(\/?)>([^<]*)/g;
  for (let match = tag.exec(document); match; match = tag.exec(document)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[2] ?? '').matchAll(/([A-Za-z]+)="([^"]*)"/g))
      attributes[attribute[1] as string] = unescapeXml(attribute[2] as string);
    verbs.push({ name: match[1] as string, attributes, text: unescapeXml(match[4] ?? '') });
  }
  return verbs;
}

function unescapeXml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9A-F]+);/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&amp;/g, '&');
}

/** One call being played: where it is posted, what it is, and what happened so far. */
interface Playing {
  endpoint: WebhookEndpoint;
  call: CallToPlay;
  callSid: string;
  /** The parameters every request about the caller's call carries. */
  base: TwilioParams;
  answers: WebhookAnswer[];
  story: string[];
  endStatus: string;
}

/**
 * Plays one inbound call against the service as Twilio would: the voice webhook, then every URL the returned TwiML
 * names, in Twilio's order (the owner's leg for <Number url>, its <Gather action>, the <Dial action>, the <Record>
 * action and callbacks), then the status callback when the call ends.
 */
export async function playCall(endpoint: WebhookEndpoint, call: CallToPlay): Promise<PlayedCall> {
  const callSid = twilioSid('CA');
  const playing: Playing = {
    endpoint,
    call,
    callSid,
    base: callParams(call.accountSid, callSid, call.to, call.from),
    answers: [],
    story: [],
    endStatus: call.status,
  };
  const { answers, story, base } = playing;

  try {
    let verbs = await post(playing, postWebhook(endpoint, '/twilio/voice', incomingCall(base, call.stirVerstat)));
    const dial = verbs.find((verb) => verb.name === 'Dial');
    if (dial) verbs = await playRingFirst(playing, verbs, dial);

    const record = verbs.find((verb) => verb.name === 'Record');
    if (record && call.voicemail !== undefined) {
      await playVoicemail(playing, record, call.voicemail);
      return { callSid, answers, story, endStatus: playing.endStatus };
    }
    if (record) story.push('the caller hangs up without leaving a message');
    await postStatusCallback(playing, '4');
  } catch (error) {
    if (!(error instanceof StopPlaying)) throw error;
    story.push('a webhook failed: stopped here, as Twilio would (it would play its fallback)');
  }
  return { callSid, answers, story, endStatus: playing.endStatus };
}

/** Posts one request; a non-2xx answer stops the call, as Twilio would play its fallback. */
async function post(playing: Playing, answer: Promise<WebhookAnswer>): Promise<TwimlVerb[]> {
  const result = await answer;
  playing.answers.push(result);
  if (result.status < 200 || result.status >= 300) throw new StopPlaying();
  return readTwiml(result.body);
}

/** Ring mode: the owner's leg (screening prompt, key press) as the owner behaves, then the <Dial action>. */
async function playRingFirst(playing: Playing, verbs: TwimlVerb[], dial: TwimlVerb): Promise<TwimlVerb[]> {
  const { endpoint, call, callSid, base, story } = playing;
  const number = verbs.find((verb) => verb.name === 'Number');
  story.push(
    `the business rings ${number?.text ?? 'the owner'} for ${dial.attributes.timeout ?? '30'} s, showing ${dial.attributes.callerId ?? 'the caller'}`,
  );
  const childSid = twilioSid('CA');
  const leg: TwilioParams = {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: childSid,
    ParentCallSid: callSid,
    CallStatus: 'in-progress',
    Direction: 'outbound-dial',
    From: dial.attributes.callerId ?? call.to,
    To: number?.text ?? '',
    Caller: dial.attributes.callerId ?? call.to,
    Called: number?.text ?? '',
  };
  const dialCallStatus = call.owner === 'no-answer' ? 'no-answer' : 'completed';
  if (call.owner !== 'no-answer' && number?.attributes.url) {
    story.push(
      call.owner === 'voicemail'
        ? "the owner's carrier voicemail picks up"
        : 'the owner picks up and hears the screening prompt',
    );
    const screen = await post(playing, postToTwimlUrl(endpoint, number.attributes.url, leg));
    const gather = screen.find((verb) => verb.name === 'Gather');
    if (gather?.attributes.action && call.owner !== 'voicemail') {
      const digits = call.owner === 'answers' ? '1' : '2';
      story.push(`the owner presses ${digits}`);
      const result = await post(
        playing,
        postToTwimlUrl(endpoint, gather.attributes.action, { ...leg, Digits: digits, FinishedOnKey: '' }),
      );
      if (!result.some((verb) => verb.name === 'Hangup')) story.push('the calls are connected');
    } else {
      story.push('no key is pressed: the owner leg hangs up');
    }
  } else {
    story.push('nobody answers');
  }
  if (!dial.attributes.action) throw new Error('the <Dial> has no action URL');
  const afterDial = await post(
    playing,
    postToTwimlUrl(endpoint, dial.attributes.action, {
      ...base,
      CallStatus: 'in-progress',
      DialCallStatus: dialCallStatus,
      DialCallSid: childSid,
      DialBridged: String(call.owner === 'answers'),
    }),
  );
  if (dialCallStatus === 'completed' && call.owner === 'answers') playing.endStatus = 'completed';
  return afterDial;
}

/** The caller leaves a voicemail: the <Record action>, the call's end, then the recording and transcription callbacks. */
async function playVoicemail(playing: Playing, record: TwimlVerb, voicemail: string): Promise<void> {
  const { endpoint, call, callSid, base, story } = playing;
  story.push(`the caller leaves a voicemail: "${voicemail}"`);
  const recordingSid = twilioSid('RE');
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${call.accountSid}/Recordings/${recordingSid}`;
  const duration = String(Math.max(1, Math.ceil(voicemail.split(/\s+/).length / 2.5)));
  if (record.attributes.action)
    await post(
      playing,
      postToTwimlUrl(endpoint, record.attributes.action, {
        ...base,
        CallStatus: 'in-progress',
        RecordingUrl: recordingUrl,
        RecordingSid: recordingSid,
        RecordingDuration: duration,
        Digits: 'hangup',
      }),
    );
  playing.endStatus = 'completed';
  // The call ends, then Twilio reports the recording, then (seconds to minutes later) its transcription.
  await postStatusCallback(playing, String(Number(duration) + 10));
  if (record.attributes.recordingStatusCallback) {
    await post(
      playing,
      postToTwimlUrl(endpoint, record.attributes.recordingStatusCallback, {
        AccountSid: call.accountSid,
        CallSid: callSid,
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        RecordingStatus: 'completed',
        RecordingDuration: duration,
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
      }),
    );
  }
  if (record.attributes.transcribeCallback) {
    const transcriptionSid = twilioSid('TR');
    const text = voicemail.trim();
    await post(
      playing,
      postToTwimlUrl(endpoint, record.attributes.transcribeCallback, {
        ...base,
        CallStatus: 'completed',
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        TranscriptionSid: transcriptionSid,
        TranscriptionStatus: text ? 'completed' : 'failed',
        ...(text ? { TranscriptionText: text } : {}),
        TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${call.accountSid}/Transcriptions/${transcriptionSid}`,
      }),
    );
  }
}

/** The call's status callback, with how it ended. */
async function postStatusCallback(playing: Playing, callDuration: string): Promise<void> {
  await post(
    playing,
    postWebhook(playing.endpoint, '/twilio/status', {
      ...playing.base,
      CallStatus: playing.endStatus,
      CallDuration: callDuration,
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
    }),
  );
}

class StopPlaying extends Error {}
