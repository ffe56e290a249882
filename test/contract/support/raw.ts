import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ContractServer } from './contract-server';

export type RawTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What a request ended in: its answer, or the error's name, message and (for a cancelled transaction) its reasons. */
export type Outcome =
  | { ok: true; answer: Record<string, unknown> }
  | { ok: false; name: string; message: string; reasons?: Array<{ Code?: string; Item?: unknown; Message?: string }> };

export async function outcomeOf(request: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, answer: (await request) as Record<string, unknown> };
  } catch (error) {
    const failure = error as Error;
    return {
      ok: false,
      name: failure.name,
      message: failure.message,
      ...(error instanceof TransactionCanceledException ? { reasons: error.CancellationReasons ?? [] } : {}),
    };
  }
}

export function transact(
  server: ContractServer,
  items: RawTransactItem[],
  extra: Partial<TransactWriteCommandInput> = {},
) {
  return outcomeOf(server.db.send(new TransactWriteCommand({ TransactItems: items, ...extra })));
}

export async function itemAt(server: ContractServer, table: string, key: Record<string, unknown>) {
  return (await server.db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
}

/** A string of `kb` kilobytes, to reach DynamoDB's item and request size limits. */
export function kilobytes(kb: number): string {
  return 'x'.repeat(kb * 1024);
}
