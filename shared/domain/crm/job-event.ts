import type { JobEvent, JobEvents, JobEventType } from '../../ports/job-events';

export type { JobEvent, JobEventType } from '../../ports/job-events';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import { MetricName } from '../../metric-names';
import type { Client } from '../numbers/number-role';

/** `evt_<type>_<source sid>`: the same source always gives the same id (the receiver's de-duplication key). */
export function jobEventId(type: JobEventType, sourceSid: string): string {
  return `evt_${type.replace('.', '_')}_${sourceSid}`;
}

export interface PublishJobEventDeps {
  /** Absent where no function publishes (the tests of other flows): nothing is published. */
  jobEvents?: JobEvents;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Puts a job event on the CRM queue, only for a business with a webhook (`crmEvents` on its client record, read with
 * the lookup every route already makes: a business without one costs nothing). Called after the webhook's own work;
 * a failure is counted and logged and never fails the webhook: the caller's answer to Twilio does not depend on a CRM.
 */
export async function publishJobEvent(
  client: Pick<Client, 'id' | 'crmEvents'>,
  event: Omit<JobEvent, 'clientId'>,
  deps: PublishJobEventDeps,
): Promise<void> {
  if (!client.crmEvents || !deps.jobEvents) return;
  try {
    await deps.jobEvents.publish({ ...event, clientId: client.id });
    deps.metrics.count(MetricName.CRM_EVENT_PUBLISHED);
  } catch (error) {
    deps.metrics.count(MetricName.CRM_PUBLISH_FAILED);
    deps.logger.error('job event not queued for the CRM: that CRM misses it', {
      eventId: event.id,
      clientId: client.id,
      error: String(error),
    });
  }
}
