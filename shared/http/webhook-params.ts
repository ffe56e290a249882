import { InvalidWebhookError } from '../domain/errors';
import type { WebhookParams } from './webhook-types';

/** A parameter Twilio always sends: missing, empty or repeated is a bad request. */
export function requireParam(params: WebhookParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidWebhookError(`missing parameter ${name}`);
  return value;
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
