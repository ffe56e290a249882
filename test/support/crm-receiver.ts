import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CrmRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A business's CRM, as a real HTTP server on this machine: it records every POST and answers with `status` (or never,
 * with `'hang'`). Local only: the CRM function reaches it through the local receiver exception of its destination rules.
 */
export interface TestCrm {
  url: string;
  requests: CrmRequest[];
  status: number | 'hang';
  close(): Promise<void>;
}

export async function startTestCrm(path = '/hook'): Promise<TestCrm> {
  const hanging: ServerResponse[] = [];
  const crm: TestCrm = { url: '', requests: [], status: 200, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      crm.requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (crm.status === 'hang') return void hanging.push(response);
      response.writeHead(crm.status, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  crm.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  crm.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return crm;
}

/** What a CRM does with our signature, with Node's crypto alone: `t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export function signatureVerifies(secret: string, request: CrmRequest): boolean {
  const header = String(request.headers['x-mct-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
