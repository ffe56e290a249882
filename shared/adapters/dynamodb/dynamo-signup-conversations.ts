import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type {
  AlertPhoneRequest,
  AlertRequestResult,
  PendingApproval,
  SignupConversation,
  SignupConversationStore,
} from '../../ports/signup-store';
import * as activityKeys from './activity-table-keys';
import { isConditionalCheckFailed, putOrReadBack, putStamped, writeOrReadBack } from './document-client';
import { expiresAt } from './expiry';

const HOUR_SECONDS = 3600;
/** An hour's slot counter is kept a day, then DynamoDB's TTL removes it. */
const SLOT_COUNTER_TTL_SECONDS = 24 * HOUR_SECONDS;
/** An answered alert-phone request is kept long enough to recognise a retried webhook of the answer. */
const ANSWERED_REQUEST_TTL_SECONDS = 35 * 24 * HOUR_SECONDS;

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
export const strip = ({
  pk: _pk,
  sk: _sk,
  writtenBy: _writtenBy,
  expiresAt: _expiresAt,
  ...rest
}: Record<string, unknown>) => rest;

/** A sign-up conversation's item: kept a year after its last change, like every activity record. */
export const conversationItem = (conversation: SignupConversation) => ({
  ...activityKeys.signup(conversation.phone),
  ...conversation,
  expiresAt: expiresAt(new Date(conversation.updatedAt)),
});

/**
 * Sign-up conversations (optimistic versioning), the waiting list's and approvals' writes, alert-phone requests and
 * slots, in the activity table: the SMS webhook's side, without the listings (DynamoSignupStore adds them).
 */
export class DynamoSignupConversations implements SignupConversationStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(phone: E164): Promise<SignupConversation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: activityKeys.signup(phone), ConsistentRead: true }),
    );
    return Item ? (strip(Item) as unknown as SignupConversation) : undefined;
  }

  async readForSender(phone: E164): Promise<{ conversation?: SignupConversation; alertRequest?: AlertPhoneRequest }> {
    const keys = [activityKeys.signup(phone), activityKeys.alertRequest(phone)];
    let pending: Record<string, { Keys: Array<Record<string, string>>; ConsistentRead: boolean }> | undefined = {
      [this.tableName]: { Keys: keys, ConsistentRead: true },
    };
    const items: Record<string, unknown>[] = [];
    // DynamoDB may leave keys unprocessed under load: ask again for those, a few times.
    for (let attempt = 0; attempt < 5 && pending && Object.keys(pending).length > 0; attempt += 1) {
      const { Responses = {}, UnprocessedKeys } = await this.db.send(new BatchGetCommand({ RequestItems: pending }));
      items.push(...((Responses[this.tableName] ?? []) as Record<string, unknown>[]));
      pending = UnprocessedKeys as typeof pending;
    }
    if (pending && Object.keys(pending).length > 0) throw new Error('DynamoDB left keys unprocessed after 5 attempts');
    const conversation = items.find((item) => item.pk === keys[0]?.pk);
    const alertRequest = items.find((item) => item.pk === keys[1]?.pk);
    return {
      ...(conversation ? { conversation: strip(conversation) as unknown as SignupConversation } : {}),
      ...(alertRequest ? { alertRequest: strip(alertRequest) as unknown as AlertPhoneRequest } : {}),
    };
  }

  async save(conversation: SignupConversation, expectedVersion: number): Promise<boolean> {
    // Our own write whose answer was lost (the SDK's retry then failed the version check) still counts as saved.
    return putStamped(
      this.db,
      {
        TableName: this.tableName,
        Item: conversationItem(conversation),
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
      'writtenBy',
    );
  }

  async addToWaitingList(phone: E164, at: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...activityKeys.waitingList(phone), phone, since: at.toISOString() },
      }),
    );
  }

  async removeFromWaitingList(phone: E164): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: activityKeys.waitingList(phone) }));
  }

  async requestAlertPhone(request: AlertPhoneRequest, expiredBefore: Date): Promise<AlertRequestResult> {
    const requestedAt = new Date(request.requestedAt);
    const refused = await putOrReadBack(this.db, {
      TableName: this.tableName,
      Item: {
        ...activityKeys.alertRequest(request.alertPhone),
        ...request,
        expiresAt: epochSeconds(requestedAt) + ANSWERED_REQUEST_TTL_SECONDS,
      },
      // Free when there is no request, the last one was answered, or it lapsed unanswered.
      ConditionExpression: 'attribute_not_exists(pk) OR #state <> :pending OR requestedAt < :expiredBefore',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pending': 'PENDING', ':expiredBefore': expiredBefore.toISOString() },
    });
    if (!refused) return 'requested';
    // The same requester's open request (a retried text, or our write whose answer was lost): never a second text.
    return refused.item?.requester === request.requester ? 'already-requested-by-you' : 'busy';
  }

  async answerAlertRequest(
    request: AlertPhoneRequest,
    state: 'ACCEPTED' | 'DECLINED' | 'CLOSED',
    messageSid: string,
    at: Date,
  ): Promise<boolean> {
    const refused = await writeOrReadBack(
      this.db,
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.alertRequest(request.alertPhone),
          UpdateExpression: 'SET #state = :state, answeredBy = :sid, answeredAt = :at, expiresAt = :expires',
          ConditionExpression: '#state = :pending AND requester = :requester AND requestedAt = :requestedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ':sid': messageSid,
            ':at': at.toISOString(),
            ':expires': epochSeconds(at) + ANSWERED_REQUEST_TTL_SECONDS,
            ':pending': 'PENDING',
            ':requester': request.requester,
            ':requestedAt': request.requestedAt,
          },
        }),
      ),
      { TableName: this.tableName, Key: activityKeys.alertRequest(request.alertPhone) },
    );
    return !refused || (refused.item?.answeredBy === messageSid && refused.item.state === state);
  }

  async takeAssignmentSlot(at: Date, perHour: number): Promise<string | undefined> {
    const hour = at.toISOString().slice(0, 13);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.assignmentSlots(hour),
          UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expires) ADD assigned :one',
          ConditionExpression: 'attribute_not_exists(assigned) OR assigned < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': perHour,
            ':expires': epochSeconds(at) + SLOT_COUNTER_TTL_SECONDS,
          },
        }),
      );
      return hour;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async addPendingApproval(approval: PendingApproval): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...activityKeys.pendingApproval(approval.phone), ...approval },
      }),
    );
  }

  async removePendingApproval(phone: E164): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: activityKeys.pendingApproval(phone) }));
  }
}
