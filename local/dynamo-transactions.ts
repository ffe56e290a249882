import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoBackend, type ActionSpec } from './dynamo-backend';
import { ReadWriteLock } from './read-write-lock';
import { TransactWrites } from './transact-write';
import { TransactionJournal } from './transaction-journal';

/**
 * dynalite speaks the DynamoDB protocol but has no TransactWriteItems. This front server passes every other request
 * through to it untouched and carries out TransactWriteItems itself with DynamoDB's documented semantics:
 * - all or nothing: every action's condition is checked by dynalite itself; if any fails, the ones applied are put
 *   back to their image before the transaction and the answer is TransactionCanceledException with one
 *   CancellationReason per action (the old item with ReturnValuesOnConditionCheckFailure=ALL_OLD);
 * - isolated: a transaction runs alone (every other request waits for it, and it waits for those in flight);
 * - checked as a whole first (local/transaction-validation.ts): a malformed request (too few or too many actions, a
 *   condition check without a condition, more than 4 MB, a bad expression, a missing table) is refused with nothing
 *   applied, even when a condition of another action fails; an error that depends on the stored item (an update past
 *   400 KB, a key attribute changed) cancels it with a ValidationError reason;
 * - never two actions on the same item;
 * - idempotent by ClientRequestToken for 10 minutes (the SDK fills the token and keeps it across its retries),
 *   IdempotentParameterMismatchException when a token comes back with other parameters;
 * - atomic across a crash: the images before the transaction are journalled (in the table `__transactions`) before
 *   anything is applied, and a front started on the same data rolls back whatever a killed one left half done.
 */
export async function startTransactionFront(backendPort: number, port: number): Promise<Server> {
  const lock = new ReadWriteLock();
  const backend = new DynamoBackend(backendPort);
  const journal = new TransactionJournal(backend);
  const writes = new TransactWrites(backend, journal);
  await journal.open();

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      const transactional = target.endsWith('.TransactWriteItems');
      const run = transactional
        ? lock.exclusive(() => writes.transact(request.headers, body))
        : lock.shared(async () => {
            if (/\.(Create|Update|Delete)Table$/.test(target)) backend.forgetSchemas();
            if (/\.(PutItem|UpdateItem)$/.test(target)) {
              const refused = await backend.indexKeyRefusal(request.headers, JSON.parse(body) as ActionSpec);
              if (refused) return refused;
            }
            const answer = await backend.forward(request.headers, target, body);
            return { status: answer.status, body: answer.body };
          });
      run.then(
        (answer) => {
          response.writeHead(answer.status, {
            'content-type': 'application/x-amz-json-1.0',
            'x-amzn-requestid': 'local',
            'content-length': Buffer.byteLength(answer.body),
          });
          response.end(answer.body);
        },
        (failure: unknown) => {
          const body = JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: String(failure),
          });
          response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(body);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('close', () => backend.close());
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
