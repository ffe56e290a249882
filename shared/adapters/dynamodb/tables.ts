import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Key design, shaped for the reads the webhooks make.
 *
 * Directory table (numbers and the clients that own them), partitioned by E.164 number, so that one
 * Query on a number returns both its number record and its owning client: role resolution is one read.
 *   pk=<number>  sk=NUMBER   role, status, clientId
 *   pk=<number>  sk=CLIENT   clientId, businessName, ownerPhone, twilioNumber   (GSI byClientId, byOwnerPhone)
 *
 * Activity table (what happened), every item written with a condition so retried webhooks are harmless.
 *   pk=CALL#<CallSid>           sk=CALL      one per ended call, and what was sent for it
 *   pk=MESSAGE#<MessageSid>     sk=MESSAGE   one per inbound SMS, and what was sent for it
 *   pk=CLIENT#<clientId>        sk=OPENJOB#<customer>   the customer's open job with its messages
 *   pk=SIGNUP#<phone>           sk=SIGNUP    a new owner's sign-up conversation
 */
export const DIRECTORY_KEYS = {
  numberSk: 'NUMBER',
  clientSk: 'CLIENT',
  byClientIdIndex: 'byClientId',
  byOwnerPhoneIndex: 'byOwnerPhone',
} as const;

export const ACTIVITY_TTL_ATTRIBUTE = 'expiresAt';

export function directoryTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'clientId', AttributeType: 'S' },
      { AttributeName: 'ownerPhone', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DIRECTORY_KEYS.byClientIdIndex,
        KeySchema: [{ AttributeName: 'clientId', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: DIRECTORY_KEYS.byOwnerPhoneIndex,
        KeySchema: [{ AttributeName: 'ownerPhone', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

export function activityTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}
