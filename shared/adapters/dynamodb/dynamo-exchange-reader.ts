import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { replyableNumber, type CustomerKey } from '../../domain/jobs/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { ExchangeReader, ExchangeSnapshot } from '../../ports/exchange-reader';
import type { NumberEntry } from '../../ports/number-directory';
import { activityKeys, ledgerAttributes, TEXT_BACK_PREFIX } from './activity-keys';
import { toClient, toNumberRecord } from './dynamo-number-directory';
import { DIRECTORY_KEYS } from './tables';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** Reads everything about one exchange with a single BatchGetItem across both tables. */
export class DynamoExchangeReader implements ExchangeReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly directoryTable: string,
    private readonly activityTable: string,
  ) {}

  async read(business: E164, counterpart: CustomerKey | undefined): Promise<ExchangeSnapshot> {
    // BatchGetItem refuses a key twice: a number calling itself is read once. A sender ID has no directory entry.
    const counterpartNumber = counterpart ? replyableNumber(counterpart) : undefined;
    const phones = counterpartNumber && counterpartNumber !== business ? [business, counterpartNumber] : [business];
    const directoryKeys: Key[] = phones.flatMap((phone) => [
      { pk: phone, sk: DIRECTORY_KEYS.numberSk },
      { pk: phone, sk: DIRECTORY_KEYS.clientSk },
    ]);
    const activityKeysToRead: Key[] = [
      activityKeys.ledger(business),
      ...(counterpart ? [activityKeys.contact(business, counterpart), activityKeys.openJob(business, counterpart)] : []),
    ];
    const items = await this.batchGet({ [this.directoryTable]: directoryKeys, [this.activityTable]: activityKeysToRead });

    const find = (table: string, key: Key) => items[table]?.find((item) => item.pk === key.pk && item.sk === key.sk);
    const entry = (phone: E164): NumberEntry => {
      const record = find(this.directoryTable, { pk: phone, sk: DIRECTORY_KEYS.numberSk });
      const owner = find(this.directoryTable, { pk: phone, sk: DIRECTORY_KEYS.clientSk });
      return { ...(record ? { record: toNumberRecord(record) } : {}), ...(owner ? { owner: toClient(owner) } : {}) };
    };
    const ledger = find(this.activityTable, activityKeys.ledger(business)) ?? {};
    const contact = counterpart ? find(this.activityTable, activityKeys.contact(business, counterpart)) : undefined;
    const openJob = counterpart ? find(this.activityTable, activityKeys.openJob(business, counterpart)) : undefined;

    return {
      business: entry(business),
      counterpart: counterpartNumber ? entry(counterpartNumber) : {},
      counterpartOptedOut: contact?.optedOut === true,
      ledger: {
        lastTextBackAt: (caller) => {
          const at = ledger[ledgerAttributes.textBack(caller)];
          return typeof at === 'string' ? new Date(at) : undefined;
        },
        textedBackBefore: (before) =>
          Object.entries(ledger)
            .filter(([name, at]) => name.startsWith(TEXT_BACK_PREFIX) && typeof at === 'string' && new Date(at) < before)
            .map(([name]) => name.slice(TEXT_BACK_PREFIX.length) as E164),
      },
      ...(openJob && counterpart ? { openJob: { jobId: String(openJob.jobId), ref: Number(openJob.ref), customer: counterpart } } : {}),
    };
  }

  private async batchGet(request: Record<string, Key[]>): Promise<Record<string, Item[]>> {
    const results: Record<string, Item[]> = {};
    let pending: Record<string, { Keys: Key[]; ConsistentRead: boolean }> = Object.fromEntries(
      Object.entries(request).map(([table, keys]) => [table, { Keys: keys, ConsistentRead: true }]),
    );
    // DynamoDB may leave keys unprocessed under load: ask again for those, a few times.
    for (let attempt = 0; attempt < 5 && Object.keys(pending).length > 0; attempt += 1) {
      const { Responses = {}, UnprocessedKeys = {} } = await this.db.send(new BatchGetCommand({ RequestItems: pending }));
      for (const [table, items] of Object.entries(Responses)) (results[table] ??= []).push(...(items as Item[]));
      pending = UnprocessedKeys as typeof pending;
    }
    if (Object.keys(pending).length > 0) throw new Error('DynamoDB left keys unprocessed after 5 attempts');
    return results;
  }
}
