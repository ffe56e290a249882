import { InvalidWebhookError } from '../domain/common/errors';
import type { WebhookParams } from './webhook-types';

/** A parameter Twilio always sends: missing, empty or repeated is a bad request. */
export function requireParam(params: WebhookParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidWebhookError(`missing parameter ${name}`);
  return value;
}

/** Twilio's SIDs are two letters and 32 hex digits; anything far from that shape is not from Twilio. */
const SID_SHAPE = /^[A-Za-z]{2}[A-Za-z0-9]{1,62}$/;

/** A Twilio SID (CallSid, MessageSid): required, and short and alphanumeric so it can key a record. */
export function requireSid(params: WebhookParams, name: string): string {
  const sid = requireParam(params, name);
  if (!SID_SHAPE.test(sid)) throw new InvalidWebhookError(`parameter ${name} is not a Twilio SID`);
  return sid;
}

/** A parameter Twilio may leave out; a repeated one is a bad request. */
export function optionalParam(params: WebhookParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new InvalidWebhookError(`parameter ${name} is repeated`);
  return value;
}

/** MediaUrl0..MediaUrlN for NumMedia media items (MMS). */
export function mediaUrls(params: WebhookParams): string[] {
  const count = Number.parseInt(optionalParam(params, 'NumMedia') ?? '0', 10);
  if (!Number.isFinite(count) || count < 0 || count > 10) throw new InvalidWebhookError('NumMedia is not a number from 0 to 10');
  return Array.from({ length: count }, (_, index) => optionalParam(params, `MediaUrl${index}`)).filter(
    (url): url is string => typeof url === 'string' && url.length > 0,
  );
}
