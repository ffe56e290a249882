import type { MiddlewareObj } from '@middy/core';
import { createError } from '@middy/util';
import type { WebhookEvent } from '../http/webhook-types';

/** Twilio's webhooks are a few KB: anything far larger is refused before it is parsed. */
export function bodySizeLimit(maxBytes: number): MiddlewareObj<WebhookEvent> {
  return {
    before: async ({ event }) => {
      if (typeof event.body !== 'string') return;
      const bytes = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
      if (bytes > maxBytes) throw createError(413, 'Payload Too Large');
    },
  };
}
