import { WEBHOOK_ROUTES, type WebhookPath } from '../webhook-routes';
import { PATH_TOKEN } from './path-token';

/**
 * The route a request path is for, and its path parameters: an exact route, or a `{token}` route with the token in
 * its place (API Gateway gives the same as `resource` and `pathParameters`; the local service and tests use this).
 */
export function matchWebhookPath(path: string): { route: WebhookPath; pathParameters?: { token: string } } | undefined {
  for (const route of Object.values(WEBHOOK_ROUTES) as WebhookPath[]) {
    if (route === path) return { route };
    const prefix = route.endsWith(`/${PATH_TOKEN}`) ? route.slice(0, -PATH_TOKEN.length) : undefined;
    const token = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    if (token && /^[A-Za-z0-9._-]{1,300}$/.test(token)) return { route, pathParameters: { token } };
  }
  return undefined;
}
