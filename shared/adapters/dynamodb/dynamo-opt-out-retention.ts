import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { OptOutKeeper, OptOutRetention } from '../../ports/opt-out-retention';
import * as activityKeys from './activity-table-keys';
import { conditionally } from './document-client';
import { expiresAt } from './expiry';
import { ACTIVITY_TTL_ATTRIBUTE } from './tables';

/** Contacts read per Query page, and updated together: a page's updates run at once, pages one after another. */
const CONTACTS_PER_PAGE = 100;

/**
 * Attribute of the number's POOL item (`BIZ#<number>` / `POOL`): present while the number is in the pool, the epoch
 * second its opt-outs expire. An opt-out reads it in its own transaction (DynamoContacts), so a STOP that lands while a
 * number changes hands still gets the right retention.
 */
export const OPT_OUTS_EXPIRE_AT = 'optOutsExpireAt';

/**
 * The retention of a number's opt-outs, on its contact items (all under `BIZ#<number>`: found by Query, never by Scan).
 * Released: the POOL item first records when they expire, then every opted-out contact gets that expiry. Assigned: the
 * POOL item first stops saying so (new opt-outs get no expiry from then on), then every opted-out contact loses its
 * expiry, and only then is the POOL item deleted: while it is there, a rerun knows the sweep may be unfinished.
 * Opted-in contacts keep their own expiry (a year after they opted back in) either way.
 * This class keeps them (assigning a number: the SMS webhook's side); DynamoOptOutRetention also expires them.
 */
export class DynamoOptOutKeeper implements OptOutKeeper {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async keepOptOuts(number: E164, at: Date): Promise<void> {
    const released = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.pool(number),
          UpdateExpression: 'SET assignedAt = :at REMOVE #expire',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#expire': OPT_OUTS_EXPIRE_AT },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
    // Never released (or its assignment finished): no opt-out of this number has an expiry to take away.
    if (!released) return;
    await this.updateOptedOutContacts(number, { where: 'attribute_exists(#ttl)', update: 'REMOVE #ttl', values: {} });
    // Released again meanwhile: that release's POOL item stays (the condition fails, and that is fine).
    await conditionally(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: activityKeys.pool(number),
          ConditionExpression: 'attribute_not_exists(#expire)',
          ExpressionAttributeNames: { '#expire': OPT_OUTS_EXPIRE_AT },
        }),
      ),
    );
  }

  /**
   * Pages through the number's contacts that are opted out and match `where`, and updates each of them, a page at a
   * time, on the same condition: one who opted back in meanwhile (and has their own expiry) is left alone.
   */
  protected async updateOptedOutContacts(
    number: E164,
    change: { where: string; update: string; values: Record<string, unknown> },
  ): Promise<void> {
    const condition = `optedOut = :true AND (${change.where})`;
    const names = { '#ttl': ACTIVITY_TTL_ATTRIBUTE };
    const values = { ':true': true, ...change.values };
    const { pk, skPrefix } = activityKeys.contacts(number);
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
          FilterExpression: condition,
          ProjectionExpression: 'pk, sk',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':pk': pk, ':contact': skPrefix, ...values },
          ConsistentRead: true,
          Limit: CONTACTS_PER_PAGE,
          ExclusiveStartKey,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map((item) =>
          conditionally(
            this.db.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: { pk: item.pk, sk: item.sk },
                UpdateExpression: change.update,
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              }),
            ),
          ),
        ),
      );
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

/** Keeps and expires a number's opt-outs: releasing a number (admin) as well as assigning one. */
export class DynamoOptOutRetention extends DynamoOptOutKeeper implements OptOutRetention {
  async expireOptOuts(number: E164, at: Date): Promise<void> {
    // A rerun of the same release keeps the first one's date; a release after a reassignment starts a new year.
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.pool(number),
        UpdateExpression: 'SET #expire = if_not_exists(#expire, :expire), releasedAt = :at REMOVE assignedAt',
        ExpressionAttributeNames: { '#expire': OPT_OUTS_EXPIRE_AT },
        ExpressionAttributeValues: { ':expire': expiresAt(at), ':at': at.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const expire = Number(Attributes?.[OPT_OUTS_EXPIRE_AT]);
    await this.updateOptedOutContacts(number, {
      where: 'attribute_not_exists(#ttl) OR #ttl < :expire',
      update: 'SET #ttl = :expire',
      values: { ':expire': expire },
    });
  }
}
