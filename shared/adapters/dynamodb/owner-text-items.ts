import type { QueuedOwnerText } from '../../ports/owner-text-queue';
import * as activityKeys from './activity-table-keys';

/** A queued text that no run could finish is dropped by DynamoDB a month after it was due. */
const QUEUED_TEXT_DAYS = 30;

/** The queue's item for `text` due at `dueAt`: the same text due at the same time is the same item. */
export function queuedTextItem(text: QueuedOwnerText, dueAt: Date, queuedAt: Date) {
  const { clientId, number } = text.business;
  const who = text.kind === 'review' ? `#${text.customer}` : '';
  return {
    ...activityKeys.ownerTextQueued(`${dueAt.toISOString()}#${text.kind}#${clientId}${who}`),
    kind: text.kind,
    clientId,
    business: number,
    ...(text.kind === 'review' ? { customer: text.customer, jobRef: text.jobRef } : {}),
    dueAt: dueAt.toISOString(),
    queuedAt: queuedAt.toISOString(),
    expiresAt: Math.floor(dueAt.getTime() / 1000) + QUEUED_TEXT_DAYS * 86_400,
  };
}
