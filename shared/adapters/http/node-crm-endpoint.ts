import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { CrmEndpoint, CrmPost } from '../../ports/crm-webhooks';

/** How long one POST to a CRM may take, connection to status line; a slower CRM is retried later. */
export const CRM_POST_TIMEOUT_MS = 5000;

/**
 * CRM delivery on Node's own http(s) (no dependency): the host's addresses by the system resolver, every one of them;
 * the POST to the checked address through a `lookup` that answers only it, so the connection cannot be steered
 * elsewhere by a second DNS answer, while the Host header and TLS SNI stay the host name (the certificate is checked
 * against it). No redirect is followed (Node's request never follows one) and the response body is never read.
 */
export class NodeCrmEndpoint implements CrmEndpoint {
  constructor(private readonly timeoutMs = CRM_POST_TIMEOUT_MS) {}

  async resolve(hostname: string): Promise<string[]> {
    return (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
  }

  post({ url, address, body, headers }: CrmPost): Promise<number> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'MissedCallTextBack-CRM/1',
          },
          agent: false,
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(address ? { lookup: pinnedLookup(address) } : {}),
        },
        (response) => {
          // The status is all we need: the body is not read, whatever its size.
          resolve(response.statusCode ?? 0);
          response.destroy();
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** A lookup that answers the one checked address, in both of the shapes Node asks for (`all` or a single address). */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address) === 6 ? 6 : 4;
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}
