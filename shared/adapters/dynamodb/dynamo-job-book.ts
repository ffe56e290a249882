import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerKey } from '../../domain/jobs/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { InboundMessage } from '../../ports/inbox';
import type {
  AddCustomerMessageResult,
  CustomerMessageIntake,
  IntakeBudgets,
  Job,
  JobBook,
  JobMessage,
  JobSendFailure,
  StoredJobMessage,
  VoicemailIntake,
} from '../../ports/job-book';
import { activityKeys, ledgerAttributes, PREVIEW_LENGTH } from './activity-keys';
import { DynamoBusinessLedger } from './dynamo-business-ledger';
import { isConditionalCheckFailed } from './document-client';
import { budgetUpdate } from './dynamo-send-budget';
import { inboxItem } from './dynamo-inbox';
import { expiresAt } from './expiry';
import { transactWrite, type TransactItem } from './transactions';

type Item = Record<string, unknown>;

/**
 * Enough for a job closed and another opened, a reference taken by another customer, the cap and both budgets spent,
 * all at once.
 */
const INTAKE_ATTEMPTS = 8;

/**
 * Jobs under their business number: a summary at `OPENJOB#<customer>` while open (so an exchange reads it by key),
 * moved to `JOB#<ref>#<jobId>` when closed. Each message is its own item under the job's partition
 * (`JOB#<jobId>` / `MSG#<at>#<sid>`), so no item grows with a job's length. A message's MessageSid is claimed by its
 * MESSAGE#<sid> record, in the same transaction that stores it.
 */
export class DynamoJobBook implements JobBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.ledger = new DynamoBusinessLedger(db, tableName);
  }

  /** The business ledger's update, for the sends and reference a customer's text takes in the same transaction. */
  private readonly ledger: DynamoBusinessLedger;

  /**
   * One TransactWriteItems: the MessageSid's claim, the sends against today's cap (and the next job reference when the
   * text opens a job), the job summary, the message item and the daily budgets of the forward and the acknowledgement.
   * When a condition fails because the world moved since the exchange was read (the job was closed or opened, another
   * job took the reference, the cap was reached), the cancellation carries the current items and the transaction is
   * built again from them: no read-then-write. A budget with no room is left out of the next attempt (and, for the
   * acknowledgement, its sends with it); it is judged only on an attempt where everything else held, so on the job the
   * text lands on.
   */
  async addCustomerMessage(intake: CustomerMessageIntake): Promise<AddCustomerMessageResult> {
    return this.intake(intake, this.claim(intake.inbound));
  }

  /**
   * A voicemail is the caller's message on their job: its RecordingSid is claimed (its own item, kept a year) in the
   * same transaction, the recording is its media, and no sends are reserved (the owner's text is reserved on its own).
   */
  async addVoicemail(intake: VoicemailIntake): Promise<AddCustomerMessageResult> {
    const { voicemail } = intake;
    const body = `Voicemail: ${voicemail.transcript ?? '(no transcript)'}`;
    const message: JobMessage = {
      messageSid: voicemail.recordingSid,
      author: 'customer',
      body,
      mediaUrls: [voicemail.recordingUrl],
      at: voicemail.at,
    };
    const claim: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...activityKeys.voicemailOnJob(voicemail.recordingSid),
          recordingSid: voicemail.recordingSid,
          at: voicemail.at.toISOString(),
          expiresAt: expiresAt(voicemail.at),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    return this.intake({ ...intake, message, sends: { joining: 0, opening: 0 } }, claim);
  }

  private async intake(
    intake: Omit<CustomerMessageIntake, 'inbound'>,
    claim: TransactItem,
  ): Promise<AddCustomerMessageResult> {
    let openJob = intake.openJob;
    let sequence = intake.jobSequence;
    let capped = false;
    const spent = new Set<keyof IntakeBudgets>();
    for (let attempt = 0; attempt < INTAKE_ATTEMPTS; attempt += 1) {
      const opening = openJob === undefined;
      const job = openJob ?? { jobId: randomUUID(), ref: sequence + 1 };
      const wanted = capped ? 0 : opening ? intake.sends.opening : intake.sends.joining;
      const planned = intake.budgets?.({ ref: job.ref, isNew: opening }) ?? {};
      const forward = spent.has('forward') ? undefined : planned.forward;
      const acknowledgement = wanted > 0 && !spent.has('acknowledgement') ? planned.acknowledgement : undefined;
      const budgets = (
        [
          ['forward', forward],
          ['acknowledgement', acknowledgement],
        ] as const
      ).flatMap(([name, take]) => (take ? [{ name, update: budgetUpdate(this.tableName, take) }] : []));
      // A take larger than its whole day can never fit: refused without a write.
      const neverFit = budgets.filter((budget) => !budget.update).map((budget) => budget.name);
      const sends = spent.has('acknowledgement') || neverFit.includes('acknowledgement') ? 0 : wanted;
      const ledgerUpdate = this.ledgerWrite(intake, sends, opening ? { from: sequence, to: job.ref } : undefined);
      const budgetWrites = budgets.flatMap((budget) =>
        budget.update ? [{ name: budget.name, item: { Update: budget.update } satisfies TransactItem }] : [],
      );
      const items: TransactItem[] = [
        claim,
        ...(ledgerUpdate ? [ledgerUpdate] : []),
        this.summaryWrite(intake.business, intake.customer, job, intake.message, opening, intake.clientId),
        this.messageWrite(job.jobId, intake.message),
        ...budgetWrites.map((budget) => budget.item),
      ];
      const cancelled = await transactWrite(this.db, items);
      if (!cancelled)
        return {
          kind: 'added',
          jobId: job.jobId,
          ref: job.ref,
          isNew: opening,
          granted: sends > 0,
          budgetsSpent: [...new Set([...spent, ...neverFit])],
        };
      if (cancelled[0]?.conditionFailed) return { kind: 'duplicate' };
      const ledgerRefusal = ledgerUpdate ? cancelled[1] : undefined;
      const summaryRefusal = cancelled[ledgerUpdate ? 2 : 1];
      if (summaryRefusal?.conditionFailed) {
        // The job seen is gone (closed) or another delivery opened one first: join what is there now.
        const current = summaryRefusal.item;
        openJob = current?.jobId ? { jobId: String(current.jobId), ref: Number(current.ref) } : undefined;
      }
      if (ledgerRefusal?.conditionFailed) {
        const current = ledgerRefusal.item ?? {};
        const currentSequence = Number(current[ledgerAttributes.jobSequence] ?? 0);
        if (opening && currentSequence !== sequence) sequence = currentSequence;
        else if (sends > 0) capped = true;
      }
      if (!summaryRefusal?.conditionFailed && !ledgerRefusal?.conditionFailed) {
        const firstBudget = items.length - budgetWrites.length;
        budgetWrites.forEach((budget, index) => {
          if (cancelled[firstBudget + index]?.conditionFailed) spent.add(budget.name);
        });
      }
    }
    throw new Error(`customer message not stored after ${INTAKE_ATTEMPTS} attempts`);
  }

  async addOwnerReply(
    job: Pick<Job, 'business' | 'customer' | 'jobId'>,
    message: JobMessage,
    inbound: InboundMessage,
  ): Promise<'added' | 'duplicate' | 'no-open-job'> {
    const cancelled = await transactWrite(this.db, [
      this.claim(inbound),
      this.summaryWrite(job.business, job.customer, job, message, false),
      this.messageWrite(job.jobId, message),
    ]);
    if (!cancelled) return 'added';
    return cancelled[0]?.conditionFailed ? 'duplicate' : 'no-open-job';
  }

  async listOpen(business: E164): Promise<Job[]> {
    const jobs: Job[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :open)',
          ExpressionAttributeValues: { ':pk': activityKeys.ledger(business).pk, ':open': 'OPENJOB#' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      jobs.push(...(page.Items ?? []).map(toJob));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return jobs.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  }

  async messages(jobId: string): Promise<StoredJobMessage[]> {
    const { pk, skPrefix } = activityKeys.jobMessages(jobId);
    const messages: StoredJobMessage[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
          ExpressionAttributeValues: { ':pk': pk, ':msg': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        messages.push({
          messageSid: String(item.messageSid),
          author: item.author === 'owner' ? 'owner' : 'customer',
          body: String(item.body),
          mediaUrls: (item.mediaUrls as string[]) ?? [],
          at: String(item.at),
        });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return messages;
  }

  /**
   * Notes a failed send on the customer's open job (a no-op when the job is no longer open): the last failure and a
   * count on the summary, so the item stays the same size however many sends fail.
   */
  async recordSendFailure(business: E164, customer: CustomerKey, failure: JobSendFailure): Promise<void> {
    try {
      await this.db.send(
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
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Copy the summary to its closed key first, then remove the open one: the job is never missing in between. */
  async close(business: E164, customer: CustomerKey, at: Date): Promise<Job | undefined> {
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

  private claim(inbound: InboundMessage): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...inboxItem(inbound), state: 'RECEIVED' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Today's sends (if any) and, when the text opens a job, the next reference: taken only if nobody took it since. */
  private ledgerWrite(
    intake: Omit<CustomerMessageIntake, 'inbound'>,
    sends: number,
    sequence: { from: number; to: number } | undefined,
  ): TransactItem | undefined {
    if (sends === 0 && !sequence) return undefined;
    const update = this.ledger.ledgerUpdate(intake.business, intake.message.at, {
      sends,
      dailyCap: intake.dailyCap,
      ...(sequence ? { sequence } : {}),
    });
    return { Update: { ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
  }

  /** The job's summary: opened only if the customer has none, joined only if it is still the job seen. */
  private summaryWrite(
    business: E164,
    customer: CustomerKey,
    job: { jobId: string; ref?: number },
    message: JobMessage,
    opening: boolean,
    clientId?: string,
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
    if (opening) {
      Object.assign(values, {
        ':ref': job.ref,
        ':clientId': clientId,
        ':business': business,
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
        TableName: this.tableName,
        Key: activityKeys.openJob(business, customer),
        UpdateExpression: `SET ${sets.join(', ')} ADD messageCount :one`,
        ConditionExpression: opening ? 'attribute_not_exists(jobId)' : 'jobId = :jobId',
        ...(opening ? { ExpressionAttributeNames: { '#ref': 'ref', '#status': 'status' } } : {}),
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  private messageWrite(jobId: string, message: JobMessage): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
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
    lastCustomerMessage: typeof item.lastCustomerMessage === 'string' ? item.lastCustomerMessage : '',
  };
}
