import type { Clock } from '../../ports/clock';
import type { CrmEndpoint, CrmWebhooks } from '../../ports/crm-webhooks';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { JobEvent } from './job-event';
import { CRM_EVENT_ID_HEADER, CRM_SIGNATURE_HEADER, crmSignature } from './sign-event';
import { checkWebhookUrl, refusedAddress, refusedResolution, type DestinationRules } from './webhook-destination';
import { isIP } from 'node:net';

export interface DeliverCrmEventDeps {
  webhooks: CrmWebhooks;
  endpoint: CrmEndpoint;
  rules: DestinationRules;
  metrics: Metrics;
  logger: Logger;
  clock: Clock;
}

/** `delivered` and `dropped` are done with; `failed` is tried again with backoff, then dead-lettered. */
export type CrmDeliveryOutcome = 'delivered' | 'dropped' | 'failed';

/**
 * One job event to its business's CRM. The webhook is the event's own business's (`clientId`), read now: a business
 * that turned its webhook off gets nothing, and a number that changed hands sends the old business's events to the old
 * business's CRM. The URL passes the destination rules again, its host is resolved and every address checked, and the
 * POST connects to the checked address (the host is not looked up a second time), signed over timestamp and body.
 */
export async function deliverCrmEvent(body: string, deps: DeliverCrmEventDeps): Promise<CrmDeliveryOutcome> {
  const event = parseEvent(body);
  if (!event) {
    deps.logger.critical('CRM queue message is not a job event: dead-lettered', {});
    return 'failed';
  }
  const fields = { eventId: event.id, type: event.type, clientId: event.clientId };
  const webhook = await deps.webhooks.find(event.clientId);
  if (!webhook) {
    deps.metrics.count(MetricName.CRM_NO_WEBHOOK);
    deps.logger.info('job event dropped: the business has no CRM webhook now', fields);
    return 'dropped';
  }
  const destination = await checkDestination(webhook.url, deps);
  if ('refused' in destination) {
    deps.metrics.count(MetricName.CRM_DESTINATION_REFUSED);
    deps.logger.warn('CRM webhook refused by the destination rules: retried later', {
      ...fields,
      reason: destination.refused,
    });
    return 'failed';
  }
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  const headers = {
    [CRM_SIGNATURE_HEADER]: crmSignature(webhook.secret, timestamp, body),
    [CRM_EVENT_ID_HEADER]: event.id,
  };
  let status: number;
  try {
    status = await deps.endpoint.post({ url: destination.url, ...destination.at, body, headers });
  } catch (error) {
    deps.metrics.count(MetricName.CRM_DELIVERY_FAILED);
    deps.logger.warn('CRM did not answer: retried later', { ...fields, error: String(error) });
    return 'failed';
  }
  if (status >= 200 && status < 300) {
    deps.metrics.count(MetricName.CRM_DELIVERED);
    deps.logger.info('job event delivered to the CRM', { ...fields, status });
    return 'delivered';
  }
  deps.metrics.count(MetricName.CRM_DELIVERY_FAILED);
  deps.logger.warn('CRM answered with an error: retried later', { ...fields, status });
  return 'failed';
}

/** The URL and the address to connect to, or why neither. */
async function checkDestination(
  raw: string,
  deps: DeliverCrmEventDeps,
): Promise<{ url: URL; at: { address?: string } } | { refused: string }> {
  const verdict = checkWebhookUrl(raw, deps.rules);
  if (!verdict.allowed) return { refused: verdict.reason };
  if (verdict.local) return { url: verdict.url, at: {} };
  const host = verdict.url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refusal = refusedAddress(host);
    return refusal ? { refused: refusal } : { url: verdict.url, at: { address: host } };
  }
  let addresses: string[];
  try {
    addresses = await deps.endpoint.resolve(host);
  } catch (error) {
    return { refused: `the host did not resolve: ${String(error)}` };
  }
  const refusal = refusedResolution(addresses);
  return refusal ? { refused: refusal } : { url: verdict.url, at: { address: addresses[0] as string } };
}

function parseEvent(body: string): JobEvent | undefined {
  try {
    const event = JSON.parse(body) as Partial<JobEvent>;
    return typeof event.id === 'string' && typeof event.clientId === 'string' && typeof event.type === 'string'
      ? (event as JobEvent)
      : undefined;
  } catch {
    return undefined;
  }
}
