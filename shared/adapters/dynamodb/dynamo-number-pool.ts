import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BusinessNameTakenError } from '../../domain/common/errors';
import { NumberStatus, TwilioNumberRole, type Client } from '../../domain/numbers/number-role';
import type { E164 } from '../../domain/numbers/phone-number';
import type { NumberPool } from '../../ports/number-pool';
import { writeOrReadBack } from './document-client';
import { directoryKeys, ownsNumber, toClient, toClientItem } from './directory-items';
import { nameClaimKey, nameClaimPut } from './name-claims';
import { transactWrite } from './transactions';
import { DIRECTORY_KEYS } from './tables';

/** Free numbers read per Query: a few spare for sign-ups racing for the same ones. */
const CANDIDATES_PER_READ = 10;

/** Number assignment in the directory table, one conditional write per step (see NumberPool for the order). */
export class DynamoNumberPool implements NumberPool {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One page of free pool numbers from the sparse availablePool index: a small Query, whatever the directory's size. */
  async availableNumbers(limit = CANDIDATES_PER_READ): Promise<E164[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIRECTORY_KEYS.availablePoolIndex,
        KeyConditionExpression: '#slot = :available',
        ExpressionAttributeNames: { '#slot': DIRECTORY_KEYS.poolSlot },
        ExpressionAttributeValues: { ':available': DIRECTORY_KEYS.poolSlotAvailable },
        Limit: limit,
      }),
    );
    return Items.map((item) => item.pk as E164);
  }

  async reserve(phone: E164, clientId: string, at: Date): Promise<boolean> {
    const refused = await writeOrReadBack(
      this.db,
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: directoryKeys.number(phone),
          // Out of the availablePool index in the same write.
          UpdateExpression: 'SET #status = :reserved, clientId = :clientId, updatedAt = :at REMOVE #slot',
          ConditionExpression: '#role = :system AND #status = :available AND attribute_not_exists(clientId)',
          ExpressionAttributeNames: { '#role': 'role', '#status': 'status', '#slot': DIRECTORY_KEYS.poolSlot },
          ExpressionAttributeValues: {
            ':reserved': NumberStatus.RESERVED,
            ':clientId': clientId,
            ':at': at.toISOString(),
            ':system': TwilioNumberRole.SYSTEM,
            ':available': NumberStatus.AVAILABLE,
          },
        }),
      ),
      { TableName: this.tableName, Key: directoryKeys.number(phone) },
    );
    // Reserved for this very client: our write, applied before its answer was lost.
    return !refused || refused.item?.clientId === clientId;
  }

  async findReservation(clientId: string): Promise<E164 | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIRECTORY_KEYS.byClientIdIndex,
        KeyConditionExpression: 'clientId = :clientId AND sk = :number',
        ExpressionAttributeValues: { ':clientId': clientId, ':number': DIRECTORY_KEYS.numberSk },
      }),
    );
    return Items[0]?.pk as E164 | undefined;
  }

  async createClient(client: Client, at: Date): Promise<void> {
    const cancelled = await transactWrite(this.db, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...toClientItem(client), createdAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR clientId = :clientId',
          ExpressionAttributeValues: { ':clientId': client.id },
        },
      },
      nameClaimPut(this.tableName, client.id, client.businessName),
    ]);
    if (cancelled?.[0]?.conditionFailed)
      throw new Error(`number ${client.twilioNumber} already belongs to another client`);
    if (cancelled?.[1]?.conditionFailed) throw new BusinessNameTakenError();
  }

  async nameHolder(businessName: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: nameClaimKey(businessName), ConsistentRead: true }),
    );
    return typeof Item?.claimedBy === 'string' ? Item.claimedBy : undefined;
  }

  async promote(phone: E164, clientId: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: directoryKeys.number(phone),
        UpdateExpression: 'SET #role = :operational, #status = :assigned, updatedAt = :at',
        ConditionExpression: 'clientId = :clientId',
        ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
        ExpressionAttributeValues: {
          ':operational': TwilioNumberRole.OPERATIONAL,
          ':assigned': NumberStatus.ASSIGNED,
          ':at': at.toISOString(),
          ':clientId': clientId,
        },
      }),
    );
  }

  async findClientByOwnerPhone(ownerPhone: E164): Promise<Client | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIRECTORY_KEYS.byOwnerPhoneIndex,
        KeyConditionExpression: 'ownerPhone = :owner',
        ExpressionAttributeValues: { ':owner': ownerPhone },
      }),
    );
    // A client whose number was released (kept at CLIENT#<id> with no number) signs up again like a new one.
    const withNumber = Items.find(ownsNumber);
    return withNumber ? toClient(withNumber) : undefined;
  }
}
