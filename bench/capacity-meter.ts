import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Request units as DynamoDB bills them, counted on a document client: middleware asks every command for
 * ReturnConsumedCapacity=TOTAL and adds up what the answers carry, reads and writes apart, by table. dynalite answers
 * every command the service makes with ConsumedCapacity (the transaction front adds it to TransactWriteItems, at twice
 * the units of the same writes made alone), computed from the item sizes by DynamoDB's rules. Two things it does not
 * report are counted here, by the same rules: an empty Query answers 0 units where DynamoDB bills a minimum of one
 * read (0.5 RRU eventually consistent, 1 strongly), and a write refused by its condition answers an error where
 * DynamoDB still bills at least 1 WRU.
 */
export interface CapacityTally {
  readUnits: number;
  writeUnits: number;
  byTable: Record<string, { readUnits: number; writeUnits: number }>;
  requests: number;
  /** Reads answered with 0 units, counted at DynamoDB's minimum. */
  emptyReads: number;
  /** Writes refused by a condition (or a cancelled transaction), counted at 1 WRU per item. */
  refusedWrites: number;
  /** Commands whose answer carried no ConsumedCapacity at all (none expected). */
  uncounted: string[];
}

export interface CapacityMeter {
  tally(): CapacityTally;
  reset(): void;
}

// The names the SDK's context carries: the low-level commands', also under the document client.
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'ExecuteStatementCommand',
]);

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

type Consumed = { TableName?: string; CapacityUnits?: number };

export function meterCapacity(db: DynamoDBDocumentClient): CapacityMeter {
  let tally = empty();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = String(context.commandName);
      const input: Record<string, unknown> = { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' };
      const isRead = READS.has(commandName);
      if (!isRead && !WRITES.has(commandName)) {
        tally.uncounted.push(commandName);
        return next(args);
      }
      tally.requests += 1;
      try {
        const result = await next({ ...args, input });
        const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        if (consumed === undefined) {
          tally.uncounted.push(commandName);
          return result;
        }
        for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
          let units = Number(entry.CapacityUnits ?? 0);
          if (isRead && units === 0) {
            units = input.ConsistentRead === true ? 1 : 0.5;
            tally.emptyReads += 1;
          }
          add(tally, entry.TableName ?? '?', isRead, units);
        }
        return result;
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (!isRead && /ConditionalCheckFailed|TransactionCanceled/.test(name)) {
          const items = (input.TransactItems as unknown[] | undefined)?.length ?? 1;
          tally.refusedWrites += items;
          add(tally, String(input.TableName ?? 'transaction'), false, items * (name.startsWith('Transaction') ? 2 : 1));
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'meterConsumedCapacity' },
  );
  return {
    tally: () => structuredClone(tally),
    reset: () => {
      tally = empty();
    },
  };
}

function empty(): CapacityTally {
  return { readUnits: 0, writeUnits: 0, byTable: {}, requests: 0, emptyReads: 0, refusedWrites: 0, uncounted: [] };
}

function add(tally: CapacityTally, table: string, isRead: boolean, units: number): void {
  const row = (tally.byTable[table] ??= { readUnits: 0, writeUnits: 0 });
  if (isRead) {
    tally.readUnits += units;
    row.readUnits += units;
  } else {
    tally.writeUnits += units;
    row.writeUnits += units;
  }
}
