import { validateRequest } from 'twilio/lib/webhooks/webhooks';

export type WebhookParams = Record<string, string | string[] | undefined>;

/** Checks X-Twilio-Signature with twilio's own validator over the public URL Twilio called and every POST parameter. */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: WebhookParams): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params as Record<string, string>);
}
