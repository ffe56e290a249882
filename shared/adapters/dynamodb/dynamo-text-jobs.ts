import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerKey } from '../../domain/sms/customer-key';
import type { Tenure } from '../../domain/numbers/tenure';
import type { InboundMessage } from '../../ports/inbox';
import type {
  AddCustomerMessageResult,
  CustomerMessageIntake,
  Job,
  JobMessage,
  JobSendFailure,
  TextJobs,
} from '../../ports/job-book';
import * as activityKeys from './activity-table-keys';
import { PREVIEW_LENGTH } from './activity-keys';
import { DynamoSendLedger } from './dynamo-send-ledger';
import { conditionally, isConditionalCheckFailed } from './document-client';
import { expiresAt } from './expiry';
import { intakeOnJob, type JobStore } from './job-intake';
import { claimWrite, messageWrite, summaryWrite, toJob } from './job-items';
import { queryAllPages } from './query-all-pages';
import { transactWrite } from './transactions';

/**
 * Jobs under their business (`CLIENT#<clientId>`, never the number: a number's next owner sees none): a summary at `OPENJOB#<customer>` while open (so an exchange reads it by key),
 * moved to `JOB#<ref>#<jobId>` when closed. Each message is its own item under the job's partition
 * (`JOB#<jobId>` / `MSG#<at>#<sid>`), so no item grows with a job's length. A message's MessageSid is claimed by its
 * MESSAGE#<sid> record, in the same transaction that stores it.
 * The SMS webhook's side: texts on jobs, owner replies, listing and closing (DynamoJobBook adds voicemails and a job's
 * messages).
 */
export class DynamoTextJobs implements TextJobs {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {
    // The business ledger's update, for the sends and reference a customer's text takes in the same transaction.
    this.store = { db, tableName, ledger: new DynamoSendLedger(db, tableName) };
  }

  protected readonly store: JobStore;

  /** A customer's text on their job, with its MessageSid's claim, in one transaction (job-intake.ts). */
  async addCustomerMessage(intake: CustomerMessageIntake): Promise<AddCustomerMessageResult> {
    return intakeOnJob(this.store, intake, claimWrite(this.tableName, intake.inbound));
  }

  async addOwnerReply(
    job: Pick<Job, 'customer' | 'jobId'> & { tenure: Tenure },
    message: JobMessage,
    inbound: InboundMessage,
  ): Promise<'added' | 'duplicate' | 'no-open-job'> {
    const cancelled = await transactWrite(this.db, [
      claimWrite(this.tableName, inbound),
      summaryWrite(this.tableName, job.tenure, job.customer, job, message, false),
      messageWrite(this.tableName, job.jobId, message),
    ]);
    if (!cancelled) return 'added';
    return cancelled[0]?.conditionFailed ? 'duplicate' : 'no-open-job';
  }

  async listOpen(business: Tenure): Promise<Job[]> {
    const { pk, skPrefix } = activityKeys.openJobs(business);
    const items = await queryAllPages(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :open)',
      ExpressionAttributeValues: { ':pk': pk, ':open': skPrefix },
      ConsistentRead: true,
    });
    return items.map(toJob).sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  }

  /**
   * Notes a failed send on the customer's open job (a no-op when the job is no longer open): the last failure and a
   * count on the summary, so the item stays the same size however many sends fail.
   */
  async recordSendFailure(business: Tenure, customer: CustomerKey, failure: JobSendFailure): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          UpdateExpression: 'SET lastSendFailure = :failure ADD sendFailureCount :one',
          ConditionExpression: 'attribute_exists(jobId)',
          ExpressionAttributeValues: {
            ':one': 1,
            ':failure': {
              messageSid: failure.messageSid,
              purpose: failure.purpose,
              error: failure.error.slice(0, PREVIEW_LENGTH),
              ...(failure.providerCode ? { providerCode: failure.providerCode } : {}),
              at: failure.at.toISOString(),
            },
          },
        }),
      ),
    );
  }

  /** Copy the summary to its closed key first, then remove the open one: the job is never missing in between. */
  async close(business: Tenure, customer: CustomerKey, at: Date): Promise<Job | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: activityKeys.openJob(business, customer),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const job = toJob(Item);
    // A closed job is kept for a year after it closed; its messages each a year after they were written.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Item,
          ...activityKeys.closedJob(business, job.ref, job.jobId),
          status: 'DONE',
          closedAt: at.toISOString(),
          expiresAt: expiresAt(at),
        },
      }),
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
      const { Item: stillOpen } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: activityKeys.openJob(business, customer),
          ConsistentRead: true,
        }),
      );
      // Gone: our delete went through and only its answer was lost.
      if (!stillOpen) return { ...job, status: 'DONE' };
      // A message arrived while closing: keep the job open with it rather than lose it.
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: activityKeys.closedJob(business, job.ref, job.jobId) }),
      );
      return undefined;
    }
    return { ...job, status: 'DONE' };
  }
}
