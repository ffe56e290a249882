import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { replyableNumber, type CustomerKey } from '../../domain/sms/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { Tenure } from '../../domain/numbers/tenure';
import type { ExchangeReader, ExchangeSnapshot, HandledSid } from '../../ports/exchange-reader';
import type { NumberEntry } from '../../ports/number-directory';
import * as activityKeys from './activity-table-keys';
import { ledgerAttributes } from './activity-keys';
import { directoryKeys, toClient, toNumberRecord } from './directory-items';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** How many numbers' last owners one warm function remembers (about 100 bytes each); past it, it starts again. */
const REMEMBERED_OWNERS = 10_000;

/**
 * Reads everything about one exchange with a single BatchGetItem across both tables.
 *
 * The business's own items (ledger, the counterpart's open job and cooldown) are keyed by its client
 * (`CLIENT#<clientId>`), which only the directory, read in the same batch, can tell. So the batch reads them under the
 * client this function last saw owning the number, and keeps them only if the directory read with them says that
 * client still owns it: a number that changed hands never shows its last owner's items. When the function has not seen
 * the number yet (a cold start) or its owner changed, one more BatchGetItem reads them under the owner just read.
 */
export class DynamoExchangeReader implements ExchangeReader {
  private readonly lastOwners = new Map<E164, string>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly directoryTable: string,
    private readonly activityTable: string,
  ) {}

  async read(business: E164, counterpart: CustomerKey | undefined, sid?: HandledSid): Promise<ExchangeSnapshot> {
    // BatchGetItem refuses a key twice: a number calling itself is read once. A sender ID has no directory entry.
    const counterpartNumber = counterpart ? replyableNumber(counterpart) : undefined;
    const phones = counterpartNumber && counterpartNumber !== business ? [business, counterpartNumber] : [business];
    const directoryKeysToRead: Key[] = phones.flatMap((phone) => [
      directoryKeys.number(phone),
      directoryKeys.client(phone),
    ]);
    const sidKey = sid
      ? 'callSid' in sid
        ? activityKeys.call(sid.callSid)
        : activityKeys.message(sid.messageSid)
      : undefined;
    // Issue 19: a call's spam verdict, left by the voice webhook, is read with the call's own record.
    const verdictKey = sid && 'callSid' in sid ? activityKeys.spamVerdict(sid.callSid) : undefined;
    const lastOwner = this.lastOwners.get(business);
    const activityKeysToRead: Key[] = [
      ...(counterpart ? [activityKeys.contact(business, counterpart)] : []),
      ...(lastOwner ? keysOf(tenureKeys(lastOwner, business, counterpart)) : []),
      ...(sidKey ? [sidKey] : []),
      ...(verdictKey ? [verdictKey] : []),
    ];
    // BatchGetItem refuses a table with no keys: nothing of the activity table to read without a counterpart or owner.
    const items = await this.batchGet({
      [this.directoryTable]: directoryKeysToRead,
      ...(activityKeysToRead.length > 0 ? { [this.activityTable]: activityKeysToRead } : {}),
    });

    const find = (table: string, key: Key | undefined) =>
      key ? items[table]?.find((item) => item.pk === key.pk && item.sk === key.sk) : undefined;
    const entry = (phone: E164): NumberEntry => {
      const record = find(this.directoryTable, directoryKeys.number(phone));
      const owner = find(this.directoryTable, directoryKeys.client(phone));
      return { ...(record ? { record: toNumberRecord(record) } : {}), ...(owner ? { owner: toClient(owner) } : {}) };
    };
    const businessEntry = entry(business);
    const owner = businessEntry.owner?.id;
    const tenure = owner ? tenureKeys(owner, business, counterpart) : undefined;
    if (owner && tenure && owner !== lastOwner) await this.readTenure(business, owner, tenure, items);
    // No owner, no business items: nothing of a previous owner is ever read through the number.
    const ledger = find(this.activityTable, tenure?.ledger) ?? {};
    const contact = counterpart ? find(this.activityTable, activityKeys.contact(business, counterpart)) : undefined;
    const openJob = find(this.activityTable, tenure?.openJob);
    const callerItem = find(this.activityTable, tenure?.caller);
    const record = sidKey ? find(this.activityTable, sidKey) : undefined;
    const verdict = find(this.activityTable, verdictKey);

    return {
      business: businessEntry,
      counterpart: counterpartNumber ? entry(counterpartNumber) : {},
      counterpartOptedOut: contact?.optedOut === true,
      ledger: {
        lastTextBackAt: (caller) => {
          const at = caller === counterpart ? callerItem?.lastTextBackAt : undefined;
          return typeof at === 'string' ? new Date(at) : undefined;
        },
        jobSequence: Number(ledger[ledgerAttributes.jobSequence] ?? 0),
      },
      ...(record ? { handled: { state: String(record.state) } } : {}),
      ...(verdict ? { spamVerdict: String(verdict.stirVerstat) } : {}),
      ...(openJob && counterpart
        ? {
            openJob: {
              jobId: String(openJob.jobId),
              ref: Number(openJob.ref),
              customer: counterpart,
              messageCount: Number(openJob.messageCount ?? 0),
            },
          }
        : {}),
    };
  }

  /** The business's items under an owner not read yet (a cold start, a number that changed hands); remembered. */
  private async readTenure(business: E164, owner: string, tenure: TenureKeys, items: Record<string, Item[]>) {
    const more = await this.batchGet({ [this.activityTable]: keysOf(tenure) });
    items[this.activityTable] = [...(items[this.activityTable] ?? []), ...(more[this.activityTable] ?? [])];
    if (this.lastOwners.size >= REMEMBERED_OWNERS) this.lastOwners.clear();
    this.lastOwners.set(business, owner);
  }

  private async batchGet(request: Record<string, Key[]>): Promise<Record<string, Item[]>> {
    const results: Record<string, Item[]> = {};
    let pending: Record<string, { Keys: Key[]; ConsistentRead: boolean }> = Object.fromEntries(
      Object.entries(request).map(([table, keys]) => [table, { Keys: keys, ConsistentRead: true }]),
    );
    // DynamoDB may leave keys unprocessed under load: ask again for those, a few times.
    for (let attempt = 0; attempt < 5 && Object.keys(pending).length > 0; attempt += 1) {
      const { Responses = {}, UnprocessedKeys = {} } = await this.db.send(
        new BatchGetCommand({ RequestItems: pending }),
      );
      for (const [table, items] of Object.entries(Responses)) (results[table] ??= []).push(...(items as Item[]));
      pending = UnprocessedKeys as typeof pending;
    }
    if (Object.keys(pending).length > 0) throw new Error('DynamoDB left keys unprocessed after 5 attempts');
    return results;
  }
}

/** The business's own items an exchange reads: its ledger, and the counterpart's open job and cooldown. */
interface TenureKeys {
  ledger: Key;
  openJob?: Key;
  caller?: Key;
}

function tenureKeys(clientId: string, number: E164, counterpart: CustomerKey | undefined): TenureKeys {
  const tenure: Tenure = { clientId, number };
  return {
    ledger: activityKeys.ledger(tenure),
    ...(counterpart
      ? { openJob: activityKeys.openJob(tenure, counterpart), caller: activityKeys.caller(tenure, counterpart) }
      : {}),
  };
}

function keysOf(keys: TenureKeys): Key[] {
  return [keys.ledger, keys.openJob, keys.caller].filter((key): key is Key => key !== undefined);
}
