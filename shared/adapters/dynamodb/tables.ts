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
 *   pk=NAME#<skeleton>  sk=NAME   claimedBy: the client whose business name has this TS #39 skeleton (name-skeleton.ts),
 *   written in the transaction that creates the client and deleted with it: a look-alike name is one GetItem away
 *   Pool numbers that are free (SYSTEM, AVAILABLE, no clientId) also carry poolSlot=AVAILABLE: the sparse GSI
 *   availablePool holds them, so sign-up finds a free number with one small Query. Released numbers resting before
 *   reuse (status RESTING, restingSince, then restsUntil) carry poolSlot=RESTING instead: the same sparse index, another
 *   partition, which only the waiting-list job reads to put them back (poolSlot=AVAILABLE) once their rest is over.
 *   GSI byKind (partition sk, sort pk) holds every item: the audit and the admin listings page through it by Query.
 *
 * Activity table (what happened); keys are built in activity-keys.ts. Writes that must happen once are conditional
 * (several at once in one TransactWriteItems), so retried and concurrent webhooks are harmless. No item grows with
 * traffic: every one has a fixed maximum size.
 * What a business accumulates is keyed by its client, never by its number alone (issue 17): a number changes hands,
 * and nothing of its last owner may be reachable through it. Only what carriers keep with a number stays under it.
 *   pk=CLIENT#<clientId>     sk=LEDGER              counters only: sends per day (cap), the job ref sequence
 *   pk=CLIENT#<clientId>     sk=CALLER#<phone>      when this business last texted this caller back (cooldown); TTL
 *                                                  cooldown + 1 day
 *   pk=CLIENT#<clientId>     sk=OPENJOB#<customer>  the customer's open job: its summary only (with the last failed send and a count);
 *                                                  <customer> is a number, or `sender:<id>` for a sender we cannot reply to
 *   pk=CLIENT#<clientId>     sk=JOB#<ref>#<jobId>   a closed job's summary; TTL a year after closing
 *   pk=CLIENT#<clientId>     sk=BUDGET#<day>#<line> one day's send budget (AUTO#<counterpart>, HELP#<counterpart>, OWNER,
 *                                                  NOTICE#<cap>): a counter, expiring after two days (dynamo-send-budget.ts)
 *   (the onboarding number's own counters: pk=CLIENT#onboarding:<number>, a tenure of its own)
 *   pk=BIZ#<number>          sk=CONTACT#<phone>     a customer's opt-out of this number (stays with the number); TTL
 *                                                  a year after the number goes back to the pool, or after an opt-in
 *   pk=BIZ#<number>          sk=POOL                while the number is back in the pool: when its opt-outs expire
 * The exchange reads the client's items in the same BatchGetItem as the directory, under the client that function last
 * saw owning the number (dynamo-exchange-reader.ts); the CALL# claim, MESSAGE#, a job's summary and a voicemail's
 * claim on its job carry the clientId.
 *   pk=JOB#<jobId>           sk=MSG#<at>#<sid>      one message of a job, in or out; TTL a year after it
 *   pk=CALL#<CallSid>        sk=CALL                the CallSid's claim (CLAIMED), then the missed call and what was sent; TTL a year
 *   pk=VOICEMAIL#<RecordingSid> sk=JOB       the voicemail's claim on the caller's job (written with its message); TTL a year
 *   pk=MESSAGE#<MessageSid>  sk=MESSAGE             the MessageSid's claim (RECEIVED), then what was done and sent; TTL a year
 *   pk=SIGNUP#<phone>        sk=SIGNUP              a new owner's sign-up conversation; TTL a year after its last change
 *   pk=WAITLIST              sk=<phone>             owners waiting for a pool number, or owed their number text
 * Issue 19 (after the job: reviews and the Monday digest):
 *   pk=CLIENT#<clientId>     sk=WEEK#<Monday>       the week's missed calls and text-backs (counters); TTL 5 weeks
 *   pk=CLIENT#<clientId>     sk=CLOSED#<at>#<ref>   a job closed by DONE, for its week's digest; TTL 5 weeks
 *   pk=CLIENT#<clientId>     sk=REVIEWED#<customer> a review asked of this customer (once per 90 days); TTL 91 days
 *   pk=CLIENT#<clientId>     sk=DIGEST#<week>       the week's digest taken (once); TTL 3 weeks
 *   pk=OWNERTEXTS            sk=<dueAt>#<kind>#<clientId>[#<customer>]   review requests and digests in due order, for
 *                                                  the owner-texts job (one Query); removed when done, TTL 30 days
 */
export const DIRECTORY_KEYS = {
  numberSk: 'NUMBER',
  clientSk: 'CLIENT',
  nameClaimSk: 'NAME',
  byClientIdIndex: 'byClientId',
  byOwnerPhoneIndex: 'byOwnerPhone',
  availablePoolIndex: 'availablePool',
  byKindIndex: 'byKind',
  /** The sparse key of availablePool, and its only value. */
  poolSlot: 'poolSlot',
  poolSlotAvailable: 'AVAILABLE',
  /** availablePool's other partition: released numbers resting before reuse, which sign-up never queries. */
  poolSlotResting: 'RESTING',
} as const;

/** Whether a NUMBER item belongs in the availablePool index: a free pool number (SYSTEM, AVAILABLE, owned by nobody). */
export function isFreePoolNumber(record: { role?: unknown; status?: unknown; clientId?: unknown }): boolean {
  return (
    record.role === 'SYSTEM' &&
    record.status === 'AVAILABLE' &&
    (record.clientId === undefined || record.clientId === null)
  );
}

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
      { AttributeName: 'poolSlot', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DIRECTORY_KEYS.byClientIdIndex,
        KeySchema: [
          { AttributeName: 'clientId', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: DIRECTORY_KEYS.byOwnerPhoneIndex,
        KeySchema: [{ AttributeName: 'ownerPhone', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: DIRECTORY_KEYS.availablePoolIndex,
        KeySchema: [
          { AttributeName: 'poolSlot', KeyType: 'HASH' },
          { AttributeName: 'pk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: DIRECTORY_KEYS.byKindIndex,
        KeySchema: [
          { AttributeName: 'sk', KeyType: 'HASH' },
          { AttributeName: 'pk', KeyType: 'RANGE' },
        ],
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
