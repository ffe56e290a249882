import { BlockList, isIP } from 'node:net';

/** A webhook URL longer than this is refused: no CRM needs more, and it is stored and logged. */
export const WEBHOOK_URL_MAX_LENGTH = 500;

export type DestinationVerdict = { allowed: true; url: URL; local: boolean } | { allowed: false; reason: string };

export interface DestinationRules {
  /**
   * The one URL allowed outside the rules: the local receiver of `npm start` (http://localhost:<port>/local/crm). Only
   * the local service and the local admin pass it; the deployed functions never have one.
   */
  localReceiver?: string;
}

/**
 * Addresses a CRM is never posted to (SSRF): unspecified, loopback, private (RFC 1918), carrier-grade NAT, link-local
 * (the instance metadata service at 169.254.169.254), documentation, benchmarking, multicast and reserved IPv4;
 * unspecified, loopback, NAT64 (it names an IPv4 address by another spelling), link-local,
 * site-local, unique-local, documentation and multicast IPv6.
 */
const REFUSED = /* @__PURE__ */ refusedRanges();

function refusedRanges(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    ['2001:db8::', 32],
    ['fe80::', 10],
    ['fec0::', 10],
    ['fc00::', 7],
    ['ff00::', 8],
  ] as const)
    list.addSubnet(network, prefix, 'ipv6');
  return list;
}

/** Why an IP address is refused as a CRM destination; undefined when it is a public address. */
export function refusedAddress(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return `"${address}" is not an IP address`;
  // An IPv4 address spelled as IPv6 (::ffff:a.b.c.d, ::ffff:7f00:1): no CRM needs it, and it hides the IPv4 address.
  // (Not a BlockList range: Node's BlockList checks every IPv4 address against IPv6 rules in this form too.)
  if (family === 6 && /^::ffff:/i.test(address)) return `${address} is an IPv4-mapped address`;
  return REFUSED.check(address, family === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a private, loopback, link-local or reserved address`
    : undefined;
}

/** The first refused address of those a host resolved to: every one must be public, or none is used. */
export function refusedResolution(addresses: readonly string[]): string | undefined {
  if (addresses.length === 0) return 'the host resolved to no address';
  for (const address of addresses) {
    const refusal = refusedAddress(address);
    if (refusal) return refusal;
  }
  return undefined;
}

/**
 * The destination rules for a CRM webhook URL, checked when it is set and again before each send: https only, no
 * credentials in it, a host that is not `localhost` nor an IP literal in a refused range, at most
 * WEBHOOK_URL_MAX_LENGTH characters. A host name passes here; its addresses are checked when it is resolved.
 */
export function checkWebhookUrl(raw: string, rules: DestinationRules = {}): DestinationVerdict {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH)
    return { allowed: false, reason: `longer than ${WEBHOOK_URL_MAX_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a URL' };
  }
  if (rules.localReceiver !== undefined && url.href === new URL(rules.localReceiver).href)
    return { allowed: true, url, local: true };
  if (url.protocol !== 'https:') return { allowed: false, reason: 'not https' };
  if (url.username || url.password) return { allowed: false, reason: 'carries credentials' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return { allowed: false, reason: 'names this machine' };
  if (isIP(host) !== 0) {
    const refusal = refusedAddress(host);
    if (refusal) return { allowed: false, reason: refusal };
  }
  return { allowed: true, url, local: false };
}
