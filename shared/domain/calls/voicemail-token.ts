import { createHmac, timingSafeEqual } from 'node:crypto';
import type { E164 } from '../numbers/phone-number';

/**
 * Binds a voicemail's callbacks to the call we answered with <Record>: the recordingStatusCallback and
 * transcribeCallback URLs end in this token, an HMAC over (CallSid, business number, client id). Twilio signs the
 * full URL, so the token arrives intact; the callback carries the CallSid, and the token names the business and the
 * client (the recording callback has no To). Nothing is written when the call is answered: the voice path keeps its
 * one DynamoDB call. `secret` is a server secret the functions already hold (the Twilio auth token).
 */
export interface VoicemailBinding {
  callSid: string;
  business: E164;
  clientId: string;
}

const MAC_LENGTH = 32;
const TOKEN_SHAPE = /^(\d{6,15})\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{32})$/;

function mac(secret: string, binding: VoicemailBinding): string {
  return createHmac('sha256', secret)
    .update(`voicemail-callback\n${binding.callSid}\n${binding.business}\n${binding.clientId}`)
    .digest('base64url')
    .slice(0, MAC_LENGTH);
}

/** `<business digits>.<client id, base64url>.<MAC>`: URL-safe, one path segment. */
export function voicemailToken(secret: string, binding: VoicemailBinding): string {
  return `${binding.business.slice(1)}.${Buffer.from(binding.clientId, 'utf8').toString('base64url')}.${mac(secret, binding)}`;
}

/** The business and client a token binds this CallSid to; undefined when it is malformed or not ours for this call. */
export function readVoicemailToken(
  secret: string,
  token: string | undefined,
  callSid: string,
): { business: E164; clientId: string } | undefined {
  const match = token ? TOKEN_SHAPE.exec(token) : null;
  if (!match) return undefined;
  const business = `+${match[1]}` as E164;
  const clientId = Buffer.from(match[2] as string, 'base64url').toString('utf8');
  const expected = Buffer.from(mac(secret, { callSid, business, clientId }));
  const given = Buffer.from(match[3] as string);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { business, clientId } : undefined;
}
