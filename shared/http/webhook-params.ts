import { InvalidWebhookError } from '../domain/common/errors';
import type { WebhookParams } from './webhook-types';

/** A parameter Twilio always sends: missing, empty or repeated is a bad request. */
export function requireParam(params: WebhookParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidWebhookError(`missing parameter ${name}`);
  return value;
}

/**
 * The SID prefixes each parameter Twilio posts may carry: a SID is two letters naming the resource and 32 hex digits
 * (https://www.twilio.com/docs/glossary/what-is-a-sid). Exact, so a signed `MessageSid=SM…` followed by `NumMedia=0`
 * cannot be re-split into one longer SID under the same signature.
 */
export const SID_PREFIXES = {
  CallSid: ['CA'],
  MessageSid: ['SM', 'MM'],
  AccountSid: ['AC'],
  /** The caller's leg, on the owner's leg of a ring-first dial (screening). */
  ParentCallSid: ['CA'],
  RecordingSid: ['RE'],
} as const;

export type SidParam = keyof typeof SID_PREFIXES;

const HEX_32 = /^[0-9a-fA-F]{32}$/;

/** True when `value` is one of `prefixes` followed by exactly 32 hex digits. */
export function isTwilioSid(value: string, prefixes: readonly string[]): boolean {
  return value.length === 34 && prefixes.includes(value.slice(0, 2)) && HEX_32.test(value.slice(2));
}

/** A Twilio SID (CallSid, MessageSid): required, and exactly the shape Twilio gives that resource, so it can key a record. */
export function requireSid(params: WebhookParams, name: SidParam): string {
  const sid = requireParam(params, name);
  if (!isTwilioSid(sid, SID_PREFIXES[name]))
    throw new InvalidWebhookError(`parameter ${name} is not a Twilio SID (${describeShape(name)})`);
  return sid;
}

/** A SID Twilio always sends but we do not key on (AccountSid): when present, it must have its exact shape too. */
export function optionalSid(params: WebhookParams, name: SidParam): string | undefined {
  const sid = optionalParam(params, name);
  if (sid !== undefined && !isTwilioSid(sid, SID_PREFIXES[name]))
    throw new InvalidWebhookError(`parameter ${name} is not a Twilio SID (${describeShape(name)})`);
  return sid;
}

function describeShape(name: SidParam): string {
  return `${SID_PREFIXES[name].join(' or ')} and 32 hex digits`;
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
  if (!Number.isFinite(count) || count < 0 || count > 10)
    throw new InvalidWebhookError('NumMedia is not a number from 0 to 10');
  return Array.from({ length: count }, (_, index) => optionalParam(params, `MediaUrl${index}`)).filter(
    (url): url is string => typeof url === 'string' && url.length > 0,
  );
}
