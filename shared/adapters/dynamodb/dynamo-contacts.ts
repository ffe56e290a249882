import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Contacts, OptOutSource } from '../../ports/contacts';
import * as activityKeys from './activity-table-keys';
import { OPT_OUTS_EXPIRE_AT } from './dynamo-opt-out-retention';
import { expiresAt } from './expiry';
import { ACTIVITY_TTL_ATTRIBUTE } from './tables';
import { transactWrite, type TransactItem } from './transactions';

/** How often an opt-out is tried again when the number moves in or out of the pool between its two attempts. */
const POOL_RACE_ATTEMPTS = 3;

/**
 * Opt-out state per business number and customer, read with every exchange. An opt-out is kept with no expiry while
 * the number serves a business and a year after it goes back to the pool (DynamoOptOutRetention); an opt-in is an
 * ordinary record, kept a year.
 */
export class DynamoContacts implements Contacts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The opt-out and the number's pool state in one transaction, so it lands on the right side of a release or an
   * assignment running at the same moment: no expiry while no POOL item says when opt-outs expire, else a year from now.
   */
  async optOut(business: E164, customer: E164, source: OptOutSource, at: Date): Promise<void> {
    const set = 'SET optedOut = :true, optedOutAt = :at, optOutSource = :source';
    const values = { ':true': true, ':at': at.toISOString(), ':source': source };
    for (let attempt = 1; attempt <= POOL_RACE_ATTEMPTS; attempt += 1) {
      const kept = await transactWrite(this.db, [
        this.contactUpdate(business, customer, `${set} REMOVE #ttl`, values),
        this.poolCheck(business, `attribute_not_exists(#expire)`),
      ]);
      if (!kept) return;
      const expiring = await transactWrite(this.db, [
        this.contactUpdate(business, customer, `${set}, #ttl = :expires`, { ...values, ':expires': expiresAt(at) }),
        this.poolCheck(business, `attribute_exists(#expire)`),
      ]);
      if (!expiring) return;
    }
    throw new Error('the number kept moving in and out of the pool while an opt-out was recorded: try again');
  }

  async optIn(business: E164, customer: E164, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.contact(business, customer),
        UpdateExpression: 'SET optedOut = :false, optedInAt = :at, #ttl = :expires',
        ExpressionAttributeNames: { '#ttl': ACTIVITY_TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':false': false, ':at': at.toISOString(), ':expires': expiresAt(at) },
      }),
    );
  }

  async hasOptedOut(business: E164, customer: E164): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: activityKeys.contact(business, customer),
        ProjectionExpression: 'optedOut',
        ConsistentRead: true,
      }),
    );
    return Item?.optedOut === true;
  }

  private contactUpdate(business: E164, customer: E164, update: string, values: Record<string, unknown>): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: activityKeys.contact(business, customer),
        UpdateExpression: update,
        ExpressionAttributeNames: { '#ttl': ACTIVITY_TTL_ATTRIBUTE },
        ExpressionAttributeValues: values,
      },
    };
  }

  private poolCheck(business: E164, condition: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: activityKeys.pool(business),
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#expire': OPT_OUTS_EXPIRE_AT },
      },
    };
  }
}
