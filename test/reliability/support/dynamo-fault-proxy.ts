import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One DynamoDB request as it crosses the proxy: its operation (`PutItem`...) and its JSON body. */
export interface DynamoRequest {
  operation: string;
  body: string;
  /** True for writes: PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem. */
  isWrite: boolean;
}

/**
 * What the proxy does with a request:
 * - `pass`: forward it and return the answer;
 * - `lose-answer`: forward it (DynamoDB applies it) and cut the connection before the answer arrives, as a network
 *   timeout after the write would; the SDK then retries a request that already took effect;
 * - `unreachable`: cut the connection without forwarding, as if DynamoDB could not be reached.
 */
export type ProxyAction = 'pass' | 'lose-answer' | 'unreachable';

export interface DynamoFaultProxy {
  endpoint: string;
  /** Decides each request's fate; the default passes everything. */
  setRule(rule: (request: DynamoRequest) => ProxyAction): void;
  /** Requests seen, with what was done to them. */
  log: Array<DynamoRequest & { action: ProxyAction }>;
  close(): Promise<void>;
}

/** `UpdateItem Activity BIZ#…/OPENJOB#…`: which write a request is, for failure messages. */
export function describeRequest(request: DynamoRequest): string {
  try {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const keyOf = (operation: Record<string, unknown>) => {
      const key = (operation.Item ?? operation.Key ?? {}) as Record<string, { S?: string }>;
      return [key.pk?.S, key.sk?.S]
        .filter(Boolean)
        .map((part) => String(part).replace(/#.*/, '#…'))
        .join('/');
    };
    if (Array.isArray(body.TransactItems)) {
      const parts = (body.TransactItems as Array<Record<string, Record<string, unknown>>>).map((item) => {
        const [kind, operation] = Object.entries(item)[0] ?? ['?', {}];
        return `${kind} ${keyOf(operation)}`;
      });
      return `TransactWriteItems [${parts.join('; ')}]`;
    }
    return `${request.operation} ${String(body.TableName ?? '')} ${keyOf(body)}`.trim();
  } catch {
    return request.operation;
  }
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** An HTTP proxy in front of the embedded DynamoDB that loses answers or connections on demand. */
export async function startDynamoFaultProxy(upstreamPort: number): Promise<DynamoFaultProxy> {
  let rule: (request: DynamoRequest) => ProxyAction = () => 'pass';
  const log: DynamoFaultProxy['log'] = [];

  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const dynamoRequest: DynamoRequest = { operation, body: body.toString('utf8'), isWrite: WRITES.has(operation) };
      const action = rule(dynamoRequest);
      log.push({ ...dynamoRequest, action });
      if (action === 'unreachable') {
        incoming.socket.destroy();
        return;
      }
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            if (action === 'lose-answer') {
              incoming.socket.destroy();
              return;
            }
            response.writeHead(answer.statusCode ?? 500, answer.headers);
            response.end(Buffer.concat(answerChunks));
          });
        },
      );
      upstream.on('error', () => incoming.socket.destroy());
      upstream.end(body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRule: (next) => {
      rule = next;
    },
    log,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
