import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Contacts, OptOutSource } from '../../ports/contacts';
import { activityKeys } from './activity-keys';

/** Opt-out state per business number and customer, read with every exchange. */
export class DynamoContacts implements Contacts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async optOut(business: E164, customer: E164, source: OptOutSource, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.contact(business, customer),
        UpdateExpression: 'SET optedOut = :true, optedOutAt = :at, optOutSource = :source',
        ExpressionAttributeValues: { ':true': true, ':at': at.toISOString(), ':source': source },
      }),
    );
  }

  async optIn(business: E164, customer: E164, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.contact(business, customer),
        UpdateExpression: 'SET optedOut = :false, optedInAt = :at',
        ExpressionAttributeValues: { ':false': false, ':at': at.toISOString() },
      }),
    );
  }
}
