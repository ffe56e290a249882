import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerKey } from '../../domain/jobs/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { AddCustomerMessageResult, Job, JobBook, JobMessage, JobSendFailure } from '../../ports/job-book';
import { activityKeys } from './activity-keys';
import { isConditionalCheckFailed } from './document-client';

type Item = Record<string, unknown>;

/**
 * Jobs under their business number: `OPENJOB#<customer>` while open (so an exchange reads it by key),
 * moved to `JOB#<ref>#<jobId>` when closed. Messages live on the job; their MessageSids guard against retries.
 */
export class DynamoJobBook implements JobBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addCustomerMessage(business: E164, clientId: string, customer: CustomerKey, message: JobMessage, newRef?: number): Promise<AddCustomerMessageResult> {
    const candidateJobId = randomUUID();
    // Marks this write, so a retry of it after a lost answer is recognised as ours (see below).
    const token = randomUUID();
    const opens = newRef !== undefined;
    try {
      const { Attributes = {} } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          UpdateExpression:
            'SET jobId = if_not_exists(jobId, :jobId), #ref = if_not_exists(#ref, :ref), clientId = if_not_exists(clientId, :clientId), ' +
            'business = :business, customer = :customer, #status = :open, openedAt = if_not_exists(openedAt, :now), lastMessageAt = :now, ' +
            'messages = list_append(if_not_exists(messages, :none), :message), writtenBy = :token ADD messageSids :sids, messageCount :one',
          ConditionExpression: `(attribute_not_exists(messageSids) OR NOT contains(messageSids, :sid))${opens ? '' : ' AND attribute_exists(jobId)'}`,
          ExpressionAttributeNames: { '#status': 'status', '#ref': 'ref' },
          ExpressionAttributeValues: {
            ':jobId': candidateJobId,
            ':ref': newRef ?? 0,
            ':clientId': clientId,
            ':business': business,
            ':customer': customer,
            ':open': 'OPEN',
            ':now': message.at.toISOString(),
            ':none': [],
            ':message': [toItem(message)],
            ':sids': new Set([message.messageSid, `${message.messageSid}#${token}`]),
            ':token': token,
            ':sid': message.messageSid,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'added', jobId: String(Attributes.jobId), ref: Number(Attributes.ref), isNew: Attributes.jobId === candidateJobId };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.openJob(business, customer), ConsistentRead: true }));
    const sids = Item?.messageSids instanceof Set ? (Item.messageSids as Set<string>) : new Set<string>();
    // Our own write, applied before its answer was lost: the SDK's retry failed the condition.
    if (Item && sids.has(`${message.messageSid}#${token}`)) return { kind: 'added', jobId: String(Item.jobId), ref: Number(Item.ref), isNew: Item.jobId === candidateJobId };
    return sids.has(message.messageSid) ? { kind: 'duplicate' } : { kind: 'no-open-job' };
  }

  async addOwnerReply(business: E164, customer: CustomerKey, message: JobMessage): Promise<'added' | 'duplicate' | 'no-open-job'> {
    const token = randomUUID();
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          UpdateExpression: 'SET messages = list_append(messages, :message), lastMessageAt = :now ADD messageCount :one, messageSids :sids',
          ConditionExpression: 'attribute_exists(jobId) AND (attribute_not_exists(messageSids) OR NOT contains(messageSids, :sid))',
          ExpressionAttributeValues: {
            ':message': [toItem(message)],
            ':now': message.at.toISOString(),
            ':one': 1,
            ':sids': new Set([message.messageSid, `${message.messageSid}#${token}`]),
            ':sid': message.messageSid,
          },
        }),
      );
      return 'added';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.openJob(business, customer), ConsistentRead: true }));
    const sids = Item?.messageSids instanceof Set ? (Item.messageSids as Set<string>) : new Set<string>();
    if (sids.has(`${message.messageSid}#${token}`)) return 'added';
    return sids.has(message.messageSid) ? 'duplicate' : 'no-open-job';
  }

  async listOpen(business: E164): Promise<Job[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :open)',
        ExpressionAttributeValues: { ':pk': activityKeys.ledger(business).pk, ':open': 'OPENJOB#' },
        ConsistentRead: true,
      }),
    );
    return Items.map(toJob).sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  }

  async recordSendFailure(business: E164, customer: CustomerKey, failure: JobSendFailure): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          UpdateExpression: 'SET sendFailures = list_append(if_not_exists(sendFailures, :none), :failure)',
          ConditionExpression: 'attribute_exists(jobId)',
          ExpressionAttributeValues: {
            ':none': [],
            ':failure': [{ messageSid: failure.messageSid, purpose: failure.purpose, error: failure.error, ...(failure.providerCode ? { providerCode: failure.providerCode } : {}), at: failure.at.toISOString() }],
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Copy to its closed key first, then remove the open one: the job is never missing in between. */
  async close(business: E164, customer: CustomerKey, at: Date): Promise<Job | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.openJob(business, customer), ConsistentRead: true }));
    if (!Item) return undefined;
    const job = toJob(Item);
    const { messageSids: _sids, writtenBy: _writtenBy, ...rest } = Item;
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...rest, ...activityKeys.closedJob(business, job.ref, job.jobId), status: 'DONE', closedAt: at.toISOString() } }),
    );
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          ConditionExpression: 'jobId = :jobId AND messageCount = :count',
          ExpressionAttributeValues: { ':jobId': job.jobId, ':count': job.messageCount },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item: stillOpen } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.openJob(business, customer), ConsistentRead: true }));
      // Gone: our delete went through and only its answer was lost.
      if (!stillOpen) return { ...job, status: 'DONE' };
      // A message arrived while closing: keep the job open with it rather than lose it.
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: activityKeys.closedJob(business, job.ref, job.jobId) }));
      return undefined;
    }
    return { ...job, status: 'DONE' };
  }
}

function toItem(message: JobMessage): Item {
  return { messageSid: message.messageSid, author: message.author, body: message.body, mediaUrls: message.mediaUrls, at: message.at.toISOString() };
}

function toJob(item: Item): Job {
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
    messages: (item.messages as Job['messages'] | undefined) ?? [],
  };
}
