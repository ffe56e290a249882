import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { replyableNumber, type CustomerKey } from '../../domain/sms/customer-key';
import type { E164 } from '../../domain/numbers/phone-number';
import type { ExchangeReader, ExchangeSnapshot, HandledSid } from '../../ports/exchange-reader';
import type { NumberEntry } from '../../ports/number-directory';
import { activityKeys, ledgerAttributes } from './activity-keys';
import { directoryKeys, toClient, toNumberRecord } from './directory-items';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** Reads everything about one exchange with a single BatchGetItem across both tables. */
export class DynamoExchangeReader implements ExchangeReader {
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
    const activityKeysToRead: Key[] = [
      activityKeys.ledger(business),
      ...(counterpart
        ? [
            activityKeys.contact(business, counterpart),
            activityKeys.openJob(business, counterpart),
            activityKeys.caller(business, counterpart),
          ]
        : []),
      ...(sidKey ? [sidKey] : []),
    ];
    const items = await this.batchGet({
      [this.directoryTable]: directoryKeysToRead,
      [this.activityTable]: activityKeysToRead,
    });

    const find = (table: string, key: Key) => items[table]?.find((item) => item.pk === key.pk && item.sk === key.sk);
    const entry = (phone: E164): NumberEntry => {
      const record = find(this.directoryTable, directoryKeys.number(phone));
      const owner = find(this.directoryTable, directoryKeys.client(phone));
      return { ...(record ? { record: toNumberRecord(record) } : {}), ...(owner ? { owner: toClient(owner) } : {}) };
    };
    const ledger = find(this.activityTable, activityKeys.ledger(business)) ?? {};
    const contact = counterpart ? find(this.activityTable, activityKeys.contact(business, counterpart)) : undefined;
    const openJob = counterpart ? find(this.activityTable, activityKeys.openJob(business, counterpart)) : undefined;
    const callerItem = counterpart ? find(this.activityTable, activityKeys.caller(business, counterpart)) : undefined;
    const record = sidKey ? find(this.activityTable, sidKey) : undefined;

    return {
      business: entry(business),
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
