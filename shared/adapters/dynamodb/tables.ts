import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Key design, shaped for the reads the webhooks make.
 *
 * Directory table (numbers and the clients that own them), partitioned by E.164 number, so that one
 * Query on a number returns both its number record and its owning client: role resolution is one read.
 *   pk=<number>  sk=NUMBER   role, status, clientId
 *   pk=<number>  sk=CLIENT   clientId, businessName, ownerPhone, twilioNumber   (GSI byClientId, byOwnerPhone)
 *   pk=CLIENT#<clientId>  sk=CLIENT   a client whose number was released: no twilioNumber until it gets one again
 *   NUMBER items carry clientId too once reserved or assigned, so byClientId also finds a client's number.
 *
 * Activity table (what happened); keys are built in activity-keys.ts. Writes that must happen once are conditional,
 * so retried and concurrent webhooks are harmless.
 *   pk=BIZ#<number>          sk=LEDGER              sends per day (cap), claimed CallSids, last text-back per caller, job ref sequence
 *   pk=BIZ#<number>          sk=CONTACT#<phone>     a customer's opt-out of this number
 *   pk=BIZ#<number>          sk=OPENJOB#<customer>  the customer's open job, with its messages and their MessageSids and any
 *                                                  failed sends; <customer> is a number, or `sender:<id>` for a sender we cannot reply to
 *   pk=BIZ#<number>          sk=JOB#<ref>#<jobId>   a closed job
 *   pk=BIZ#<number>          sk=BUDGET#<day>#<line> one day's send budget (AUTO#<counterpart>, HELP#<counterpart>, OWNER,
 *                                                  NOTICE#<cap>): a counter, expiring after two days (dynamo-send-budget.ts)
 *   pk=CALL#<CallSid>        sk=CALL                a missed call and what was sent for it
 *   pk=MESSAGE#<MessageSid>  sk=MESSAGE             an inbound SMS and what was done and sent for it
 *   pk=SIGNUP#<phone>        sk=SIGNUP              a new owner's sign-up conversation
 *   pk=WAITLIST              sk=<phone>             owners waiting for a pool number
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
