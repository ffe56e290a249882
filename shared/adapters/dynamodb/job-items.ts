import type { CustomerKey } from '../../domain/sms/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Tenure } from '../../domain/numbers/tenure';
import type { InboundMessage } from '../../ports/inbox';
import type { Job, JobMessage } from '../../ports/job-book';
import * as activityKeys from './activity-table-keys';
import { PREVIEW_LENGTH } from './activity-keys';
import { inboxItem } from './dynamo-inbox';
import { expiresAt } from './expiry';
import type { TransactItem } from './transactions';

/*
 * The items of a job, as the job book writes them in its transactions: the summary under the business (its client), each
 * message under the job, and the MessageSid's claim.
 */

/** The job's summary: opened only if the customer has none, joined only if it is still the job seen. */
export function summaryWrite(
  tableName: string,
  business: Tenure,
  customer: CustomerKey,
  job: { jobId: string; ref?: number },
  message: JobMessage,
  opening: boolean,
): TransactItem {
  const preview = message.body.slice(0, PREVIEW_LENGTH);
  const values: Record<string, unknown> = {
    ':now': message.at.toISOString(),
    ':one': 1,
    ':preview': preview,
    ':author': message.author,
    ':jobId': job.jobId,
  };
  const sets = ['lastMessageAt = :now', 'lastMessagePreview = :preview', 'lastMessageAuthor = :author'];
  if (message.author === 'customer') sets.push('lastCustomerMessage = :preview');
  // Issue 19: the owner's first reply on the job, for the digest's median reply time.
  else sets.push('firstOwnerReplyAt = if_not_exists(firstOwnerReplyAt, :now)');
  if (opening) {
    Object.assign(values, {
      ':ref': job.ref,
      ':clientId': business.clientId,
      ':business': business.number,
      ':customer': customer,
      ':open': 'OPEN',
    });
    sets.push(
      'jobId = :jobId',
      '#ref = :ref',
      'clientId = :clientId',
      'business = :business',
      'customer = :customer',
      '#status = :open',
      'openedAt = :now',
    );
  }
  return {
    Update: {
      TableName: tableName,
      Key: activityKeys.openJob(business, customer),
      UpdateExpression: `SET ${sets.join(', ')} ADD messageCount :one`,
      ConditionExpression: opening ? 'attribute_not_exists(jobId)' : 'jobId = :jobId',
      ...(opening ? { ExpressionAttributeNames: { '#ref': 'ref', '#status': 'status' } } : {}),
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** One message of a job: its own item under the job's partition, so no item grows with a job's length. */
export function messageWrite(tableName: string, jobId: string, message: JobMessage): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...activityKeys.jobMessage(jobId, message.at, message.messageSid),
        jobId,
        messageSid: message.messageSid,
        author: message.author,
        body: message.body,
        mediaUrls: message.mediaUrls,
        at: message.at.toISOString(),
        expiresAt: expiresAt(message.at),
      },
    },
  };
}

/** The MessageSid's claim: its MESSAGE# record, written only if no delivery wrote it first. */
export function claimWrite(tableName: string, inbound: InboundMessage): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...inboxItem(inbound), state: 'RECEIVED' },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A job summary item as the port's Job. */
export function toJob(item: Record<string, unknown>): Job {
  return {
    jobId: String(item.jobId),
    ref: Number(item.ref),
    clientId: String(item.clientId),
    business: String(item.business) as E164,
    customer: String(item.customer) as CustomerKey,
    status: item.status === 'DONE' ? 'DONE' : 'OPEN',
    openedAt: String(item.openedAt),
    lastMessageAt: String(item.lastMessageAt),
    messageCount: Number(item.messageCount ?? 0),
    lastCustomerMessage: typeof item.lastCustomerMessage === 'string' ? item.lastCustomerMessage : '',
    ...(typeof item.firstOwnerReplyAt === 'string' ? { firstOwnerReplyAt: item.firstOwnerReplyAt } : {}),
  };
}
