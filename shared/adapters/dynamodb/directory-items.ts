import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientAccount, DirectorySnapshot, NumberItem } from '../../domain/admin/admin-records';
import { parseCallMode, parseNumberRole, type Client, type NumberRecord } from '../../domain/numbers/number-role';
import { parseSpamScreen } from '../../domain/calls/spam-screen';
import { parseLanguage } from '../../domain/texts/language';
import { normalizePhoneNumber, type E164 } from '../../domain/numbers/phone-number';
import { DIRECTORY_KEYS, isFreePoolNumber } from './tables';

/**
 * The directory table's keys and item shapes (see tables.ts for the key design), in one place: every directory
 * adapter (the webhooks' directory and pool, the exchange reader, the admin CLI and the audit) builds and reads
 * its items here, so no two of them can disagree about what a NUMBER or CLIENT item is.
 */
export type DirectoryItem = Record<string, unknown>;
export type DirectoryKey = { pk: string; sk: string };

export const directoryKeys = {
  /** A number's record: role, status, clientId. */
  number: (phone: E164): DirectoryKey => ({ pk: phone, sk: DIRECTORY_KEYS.numberSk }),
  /** The client that owns a number, in the number's partition; or, with `unassignedClientPartition`, a client that owns none. */
  client: (partition: string): DirectoryKey => ({ pk: partition, sk: DIRECTORY_KEYS.clientSk }),
};

/** The partition of a client that owns no number (released, or not yet assigned). Never an E.164 number, so no lookup finds it. */
export function unassignedClientPartition(clientId: string): string {
  return `CLIENT#${clientId}`;
}

export function isNumberItem(item: DirectoryItem): boolean {
  return item.sk === DIRECTORY_KEYS.numberSk;
}

export function isClientItem(item: DirectoryItem): boolean {
  return item.sk === DIRECTORY_KEYS.clientSk;
}

/** Clients whose number was released live at `CLIENT#<id>` with no number: not a Client of the webhooks. */
export function ownsNumber(item: DirectoryItem): boolean {
  return typeof item.twilioNumber === 'string';
}

/** A NUMBER item as the webhooks see it: an unknown stored role reads as no role. */
export function toNumberRecord(item: DirectoryItem): NumberRecord {
  return {
    phone: String(item.pk) as E164,
    role: parseNumberRole(item.role),
    ...(typeof item.status === 'string' ? { status: item.status } : {}),
    ...(typeof item.clientId === 'string' ? { clientId: item.clientId } : {}),
    ...(typeof item.restingSince === 'string' ? { restingSince: item.restingSince } : {}),
    ...(typeof item.restsUntil === 'string' ? { restsUntil: item.restsUntil } : {}),
  };
}

/** A NUMBER item as the admin sees it: the record plus the role attribute exactly as stored, to audit and to condition on. */
export function toNumberItem(item: DirectoryItem): NumberItem {
  return { ...toNumberRecord(item), ...(item.role !== undefined ? { storedRole: item.role } : {}) };
}

/** The NUMBER item written for a record. */
export function fromNumberRecord(record: NumberRecord, updatedAt: Date): DirectoryItem {
  return {
    ...directoryKeys.number(record.phone),
    phone: record.phone,
    role: record.role,
    status: record.status,
    clientId: record.clientId,
    ...(isFreePoolNumber(record) ? { [DIRECTORY_KEYS.poolSlot]: DIRECTORY_KEYS.poolSlotAvailable } : {}),
    updatedAt: updatedAt.toISOString(),
  };
}

/** The client record lives in its number's partition, so one Query on the number finds it. */
export function toClientItem(client: Client): DirectoryItem {
  return {
    ...directoryKeys.client(client.twilioNumber),
    clientId: client.id,
    businessName: client.businessName,
    ownerPhone: client.ownerPhone,
    twilioNumber: client.twilioNumber,
    ...(client.callMode ? { callMode: client.callMode } : {}),
    ...(client.hours && client.timeZone ? { hours: client.hours, timeZone: client.timeZone } : {}),
    ...(client.neverText?.length ? { neverText: new Set(client.neverText) } : {}),
    ...(client.spamScreen ? { spamScreen: client.spamScreen } : {}),
    ...(client.language ? { language: client.language } : {}),
    ...(client.emergencyRing ? { emergencyRing: true } : {}),
  };
}

/** A CLIENT item that owns a number (see `ownsNumber`). */
export function toClient(item: DirectoryItem): Client {
  return {
    id: String(item.clientId),
    businessName: String(item.businessName),
    ownerPhone: String(item.ownerPhone) as E164,
    twilioNumber: String(item.twilioNumber) as E164,
    ...callSettingsOf(item),
  };
}

/** How calls reach the business (callMode, opening hours), when set on its client item. */
function callSettingsOf(item: DirectoryItem): Omit<Client, 'id' | 'businessName' | 'ownerPhone' | 'twilioNumber'> {
  const callMode = parseCallMode(item.callMode);
  const spamScreen = parseSpamScreen(item.spamScreen);
  const language = parseLanguage(item.language);
  return {
    ...(callMode ? { callMode } : {}),
    ...(spamScreen ? { spamScreen } : {}),
    ...(language ? { language } : {}),
    ...(item.emergencyRing === true ? { emergencyRing: true } : {}),
    ...(item.crmEvents === true ? { crmEvents: true as const } : {}),
    // Issue 19: a string set of E.164 numbers, at most NEVER_TEXT_LIMIT (about 0.8 KB).
    ...(item.neverText instanceof Set ? { neverText: [...item.neverText] as E164[] } : {}),
    ...stringsOf(item, ['textBack', 'afterHoursText', 'greeting', 'linkDomain', 'reviewLink']),
    ...(item.digest === true ? { digest: true } : {}),
    ...(typeof item.hours === 'string' && typeof item.timeZone === 'string'
      ? { hours: item.hours, timeZone: item.timeZone }
      : {}),
  };
}

/** The owner's own words (issue 19), those that are set. */
function stringsOf<K extends string>(item: DirectoryItem, keys: readonly K[]): Partial<Record<K, string>> {
  return Object.fromEntries(
    keys.filter((key) => typeof item[key] === 'string').map((key) => [key, item[key]]),
  ) as Partial<Record<K, string>>;
}

/** Any CLIENT item. The partition decides ownership: a client in a number's partition owns that number; one at CLIENT#<id> owns none. */
export function toClientAccount(item: DirectoryItem): ClientAccount {
  const twilioNumber = normalizePhoneNumber(String(item.pk)) === item.pk ? (item.pk as E164) : undefined;
  return {
    id: String(item.clientId),
    businessName: String(item.businessName ?? ''),
    ownerPhone: String(item.ownerPhone ?? '') as E164,
    ...(twilioNumber ? { twilioNumber } : {}),
    ...callSettingsOf(item),
  };
}

/** A filter on the items a byKind Query returns. */
export interface KindFilter {
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** Pages through the byKind index for one kind of directory item (NUMBER or CLIENT): a Query, never a Scan. */
export async function queryByKind(
  db: DynamoDBDocumentClient,
  directoryTable: string,
  kind: string,
  filter: KindFilter = {},
  /** Called with the items read so far while more pages follow. */
  onPage?: (itemsSoFar: number) => void,
): Promise<DirectoryItem[]> {
  const items: DirectoryItem[] = [];
  let ExclusiveStartKey: DirectoryItem | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: directoryTable,
        IndexName: DIRECTORY_KEYS.byKindIndex,
        KeyConditionExpression: '#kind = :kind',
        ...filter,
        ExpressionAttributeNames: { '#kind': 'sk', ...filter.ExpressionAttributeNames },
        ExpressionAttributeValues: { ':kind': kind, ...filter.ExpressionAttributeValues },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
    if (ExclusiveStartKey) onPage?.(items.length);
  } while (ExclusiveStartKey);
  return items;
}

/** The whole directory through the byKind index (NUMBER items, then CLIENT items): what the audit and the admin commands plan against. Reads the directory table only. */
export async function readDirectorySnapshot(
  db: DynamoDBDocumentClient,
  directoryTable: string,
  onPage?: (itemsSoFar: number) => void,
): Promise<DirectorySnapshot> {
  const numbers = await queryByKind(db, directoryTable, DIRECTORY_KEYS.numberSk, {}, onPage);
  const clients = await queryByKind(
    db,
    directoryTable,
    DIRECTORY_KEYS.clientSk,
    {},
    onPage && ((count) => onPage(numbers.length + count)),
  );
  return {
    numbers: numbers.map(toNumberItem),
    clients: clients.map(toClientAccount),
  };
}
