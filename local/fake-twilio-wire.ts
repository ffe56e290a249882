import type { IncomingMessage, ServerResponse } from 'node:http';

/** The fake account's credentials: every request must carry them by basic auth, on its own account's path. */
export interface FakeAccount {
  accountSid: string;
  authToken: string;
}

/** Twilio's default and largest page size for list resources. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** Basic auth with the account's SID and token, on a path under that same account. */
export function isAccount(request: IncomingMessage, pathAccountSid: string | undefined, account: FakeAccount): boolean {
  return (
    isAuthorized(request.headers.authorization, account.accountSid, account.authToken) &&
    pathAccountSid === account.accountSid
  );
}

function isAuthorized(header: string | undefined, accountSid: string, authToken: string): boolean {
  return header === `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

export function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function reply(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(payload));
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Twilio's PageSize (1 to 1000, 50 by default) and Page (from 0); undefined when either is out of range. */
export function pagingOf(query: URLSearchParams): { page: number; pageSize: number } | undefined {
  const pageSize = Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
  const page = Number(query.get('Page') ?? 0);
  const valid =
    Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE && Number.isInteger(page) && page >= 0;
  return valid ? { page, pageSize } : undefined;
}

/** One page of a Twilio list resource, in Twilio's page shape: the items under `key`, then the paging fields. */
export function listPage<T>(
  key: string,
  matching: readonly T[],
  { page, pageSize }: { page: number; pageSize: number },
  pageUri: (index: number) => string,
  toResource: (item: T) => unknown,
): Record<string, unknown> {
  const items = matching.slice(page * pageSize, (page + 1) * pageSize);
  return {
    [key]: items.map(toResource),
    page,
    page_size: pageSize,
    start: page * pageSize,
    end: page * pageSize + Math.max(items.length - 1, 0),
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: (page + 1) * pageSize < matching.length ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
  };
}
