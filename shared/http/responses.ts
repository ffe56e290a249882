import type { WebhookResult } from './webhook-types';

export function twimlResponse(twiml: string, statusCode = 200): WebhookResult {
  return { statusCode, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: twiml };
}

export function textResponse(statusCode: number, body: string): WebhookResult {
  return { statusCode, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}
