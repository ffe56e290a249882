import { callParams, twilioSid, type TwilioParams } from './twilio-params';
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

/**
 * Plays one inbound call against the service as Twilio would: the voice webhook, then every URL the returned TwiML
 * names, in Twilio's order (the owner's leg for <Number url>, its <Gather action>, the <Dial action>, the <Record>
 * action and callbacks), then the status callback when the call ends.
 */
export async function playCall(endpoint: WebhookEndpoint, call: CallToPlay): Promise<PlayedCall> {
  const callSid = twilioSid('CA');
  const answers: WebhookAnswer[] = [];
  const story: string[] = [];
  const base = callParams(call.accountSid, callSid, call.to, call.from);
  const post = async (answer: Promise<WebhookAnswer>) => {
    const result = await answer;
    answers.push(result);
    if (result.status < 200 || result.status >= 300) throw new StopPlaying();
    return readTwiml(result.body);
  };
  let endStatus = call.status;

  try {
    let verbs = await post(postWebhook(endpoint, '/twilio/voice', { ...base, CallStatus: 'ringing' }));
    const dial = verbs.find((verb) => verb.name === 'Dial');
    if (dial) {
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
        const screen = await post(postToTwimlUrl(endpoint, number.attributes.url, leg));
        const gather = screen.find((verb) => verb.name === 'Gather');
        if (gather?.attributes.action && call.owner !== 'voicemail') {
          const digits = call.owner === 'answers' ? '1' : '2';
          story.push(`the owner presses ${digits}`);
          const result = await post(
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
      verbs = await post(
        postToTwimlUrl(endpoint, dial.attributes.action, {
          ...base,
          CallStatus: 'in-progress',
          DialCallStatus: dialCallStatus,
          DialCallSid: childSid,
          DialBridged: String(call.owner === 'answers'),
        }),
      );
      if (dialCallStatus === 'completed' && call.owner === 'answers') endStatus = 'completed';
    }

    const record = verbs.find((verb) => verb.name === 'Record');
    if (record && call.voicemail !== undefined) {
      story.push(`the caller leaves a voicemail: "${call.voicemail}"`);
      const recordingSid = twilioSid('RE');
      const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${call.accountSid}/Recordings/${recordingSid}`;
      const duration = String(Math.max(1, Math.ceil(call.voicemail.split(/\s+/).length / 2.5)));
      if (record.attributes.action)
        await post(
          postToTwimlUrl(endpoint, record.attributes.action, {
            ...base,
            CallStatus: 'in-progress',
            RecordingUrl: recordingUrl,
            RecordingSid: recordingSid,
            RecordingDuration: duration,
            Digits: 'hangup',
          }),
        );
      endStatus = 'completed';
      // The call ends, then Twilio reports the recording, then (seconds to minutes later) its transcription.
      await post(
        postWebhook(endpoint, '/twilio/status', {
          ...base,
          CallStatus: endStatus,
          CallDuration: String(Number(duration) + 10),
          CallbackSource: 'call-progress-events',
          SequenceNumber: '0',
        }),
      );
      if (record.attributes.recordingStatusCallback) {
        await post(
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
        const text = call.voicemail.trim();
        await post(
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
      return { callSid, answers, story, endStatus };
    }
    if (record) story.push('the caller hangs up without leaving a message');
    await post(
      postWebhook(endpoint, '/twilio/status', {
        ...base,
        CallStatus: endStatus,
        CallDuration: '4',
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
      }),
    );
  } catch (error) {
    if (!(error instanceof StopPlaying)) throw error;
    story.push('a webhook failed: stopped here, as Twilio would (it would play its fallback)');
  }
  return { callSid, answers, story, endStatus };
}

class StopPlaying extends Error {}
