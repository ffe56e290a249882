import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { WebhookParams } from '../../http/webhook-types';

/** Checks X-Twilio-Signature with twilio's own validator over the public URL Twilio called and every POST parameter. */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: WebhookParams,
): boolean {
  if (!signature) return false;
  // twilio tests repeated keys with `instanceof Array`; copy them so arrays made in another realm (jest's vm, a parser's) still count.
  const copied = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? Array.from(value) : value]),
  );
  return validateRequest(authToken, signature, url, copied as Record<string, string>);
}

/** The X-Twilio-Signature Twilio would send for a form POST of `params` to `url` (used to sign simulated webhooks). */
export function expectedTwilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
