import type { MiddlewareObj } from '@middy/core';
import { createError } from '@middy/util';
import type { WebhookEvent } from '../http/webhook-types';

/** Twilio's webhooks are a few KB: anything far larger is refused before it is parsed. */
export function bodySizeLimit(maxBytes: number): MiddlewareObj<WebhookEvent> {
  return {
    before: async ({ event }) => {
      if (typeof event.body !== 'string') return;
      const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
      if (bytes > maxBytes) throw createError(413, 'Payload Too Large');
    },
  };
}
