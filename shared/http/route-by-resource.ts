import type { WebhookHandler } from './webhook-types';
import { textResponse } from './responses';

/**
 * One function, several routes (issue 12: the voice function also answers its Dial action and screening, the
 * status function its recording callbacks). API Gateway's proxy event names the matched route in `resource`;
 * each route has its own chain, so its signature is checked against its own public URL.
 */
export function routeByResource(routes: Readonly<Record<string, WebhookHandler>>): WebhookHandler {
  return async (event, context) => {
    const handler = routes[event.resource] ?? routes[event.path];
    if (!handler) return textResponse(404, 'Not Found');
    return handler(event, context);
  };
}
