import type { CallPlacer, SpokenCall } from '../../ports/call-placer';
import { SmsSendError } from '../../ports/message-sender';
import { refusal, type TwilioMessageSender } from './twilio-message-sender';
import { escapeText } from './xml-document';

/** Twilio refuses inline TwiML longer than this (error 32018). */
export const TWILIO_MAX_TWIML_LENGTH = 4000;

/**
 * Places a call through Twilio's Calls API (POST /Accounts/{sid}/Calls.json) with inline `Twiml`: the message said
 * twice, then hang up. Through the account's REST client that sends the texts (one credentials cache, one timeout).
 * Nothing is retried here: an emergency ring is once, and its URGENT text has gone already.
 */
export class TwilioCallPlacer implements CallPlacer {
  constructor(private readonly api: Pick<TwilioMessageSender, 'request'>) {}

  async place(call: SpokenCall): Promise<{ sid: string }> {
    // Written out rather than through renderXmlDocument: one fixed document, and the SMS bundle has no room for the writer.
    const twiml = `<Response><Say loop="2">${escapeText(call.say)}</Say><Hangup/></Response>`;
    if (twiml.length > TWILIO_MAX_TWIML_LENGTH)
      throw new SmsSendError('TwiML over 4,000 characters: not sent', 32018, undefined, 'final');
    const response = await this.api.request('Calls', 'POST', '', { To: call.to, From: call.from, Twiml: twiml });
    const payload = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown; message?: unknown };
    if (response.ok && typeof payload.sid === 'string') return { sid: payload.sid };
    throw refusal(response, payload, 'Twilio refused the call');
  }
}
