import { randomBytes } from 'node:crypto';

/**
 * The parameters Twilio posts to our webhooks, built as Twilio builds them: the one builder of the operator's simulator
 * (`admin simulate`) and of the tests (test/support/webhook-harness.ts, the reliability traffic). The runtime only
 * parses them (shared/http/webhook-params.ts).
 */
export type TwilioParams = Record<string, string>;

/** A Twilio-style SID: two letters and 32 hex digits (`CA…` for calls, `SM…` for messages). */
export function twilioSid(prefix: 'CA' | 'SM' | 'RE' | 'TR'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** What every request about one call leg carries, whatever its status. */
export function callParams(
  accountSid: string,
  callSid: string,
  to: string,
  from: string,
  direction = 'inbound',
): TwilioParams {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    Direction: direction,
    To: to,
    From: from,
    Caller: from,
    Called: to,
  };
}

/**
 * The parameters Twilio posts to the voice webhook for an inbound call; `stirVerstat`, Twilio's SHAKEN verification of
 * the caller ID, only on calls that carry an identity header (US), and never on the status callback (issue 19).
 */
export function incomingCall(
  accountSid: string,
  callSid: string,
  to: string,
  from: string,
  stirVerstat?: string,
): TwilioParams {
  return incomingCallOf(callParams(accountSid, callSid, to, from), stirVerstat);
}

/** The voice webhook's parameters from a call's own. */
export function incomingCallOf(call: TwilioParams, stirVerstat?: string): TwilioParams {
  return { ...call, CallStatus: 'ringing', ...(stirVerstat ? { StirVerstat: stirVerstat } : {}) };
}

/** The parameters of the status callback when that call has ended. */
export function callEnded(
  accountSid: string,
  callSid: string,
  to: string,
  from: string,
  callStatus: string,
): TwilioParams {
  const answered = callStatus === 'completed';
  return {
    ...callParams(accountSid, callSid, to, from),
    CallStatus: callStatus,
    CallDuration: answered ? '4' : '0',
    Duration: answered ? '1' : '0',
    Timestamp: new Date().toUTCString(),
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
  };
}

/** The parameters Twilio posts to the messaging webhook for an inbound SMS. */
export function incomingSms(
  accountSid: string,
  messageSid: string,
  to: string,
  from: string,
  body: string,
): TwilioParams {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: messageSid,
    SmsSid: messageSid,
    SmsMessageSid: messageSid,
    SmsStatus: 'received',
    To: to,
    From: from,
    Body: body,
    NumMedia: '0',
    NumSegments: '1',
  };
}
