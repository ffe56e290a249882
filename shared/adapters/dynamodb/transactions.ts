import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why a transaction was cancelled: per action, its failed condition (with the old item when asked), or nothing. */
export type Cancellation = Array<{ conditionFailed: boolean; item?: Record<string, unknown> }>;

const CONFLICT_ATTEMPTS = 4;

/**
 * One TransactWriteItems: all its writes or none. The SDK gives it a ClientRequestToken and keeps that token across
 * its own retries, so a write applied whose answer was lost is not applied again (DynamoDB remembers it 10 minutes).
 * Returns undefined when applied, or which conditions failed. Another transaction on the same item at the same moment
 * (TransactionConflict, e.g. two calls to one business reserving on its ledger) is tried again after a short pause.
 */
export async function transactWrite(
  db: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<Cancellation | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        return items.map((_, index) => {
          const reason = reasons[index];
          const failed = reason?.Code === 'ConditionalCheckFailed';
          return { conditionFailed: failed, ...(failed && reason?.Item ? { item: unmarshall(reason.Item) } : {}) };
        });
      }
      if (attempt >= CONFLICT_ATTEMPTS || !reasons.some((reason) => reason.Code === 'TransactionConflict')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
    }
  }
}

/** The old item a cancellation carries comes in DynamoDB's wire form; the scalar and nested types we store. */
function unmarshall(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromAttribute(value)]));
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return unmarshall(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  return undefined;
}
