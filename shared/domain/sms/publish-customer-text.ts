import { jobEventId, publishJobEvent } from '../crm/job-event';
import type { Client } from '../numbers/number-role';
import type { BusinessMessageDeps } from './inbound-message';
import type { InboundMessage } from '../../ports/inbox';
import type { E164 } from '../numbers/phone-number';
import type { CustomerKey } from './customer-key';

/** Issue 19 §5: after the text's own work, for a business with a CRM webhook; never fails the webhook. */
export function publishCustomerText(
  { message, business, sender: customer }: { message: InboundMessage; business: E164; sender: CustomerKey },
  client: Client,
  job: { isNew: boolean; ref: number; jobId: string },
  deps: BusinessMessageDeps,
): Promise<void> {
  const type = job.isNew ? 'job.opened' : 'job.message';
  return publishJobEvent(
    client,
    {
      id: jobEventId(type, message.messageSid),
      type,
      occurredAt: message.receivedAt.toISOString(),
      business,
      customer,
      job: { ref: job.ref, id: job.jobId },
      message: { body: message.body, ...(message.mediaUrls.length ? { mediaUrls: message.mediaUrls } : {}) },
    },
    deps,
  );
}
