import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCrmConsumer } from '../../functions/crm/create-handler';
import { wireCrm } from '../../functions/crm/wiring';
import { DynamoClientAdmin } from '../../shared/adapters/dynamodb/dynamo-client-admin';
import { NodeCrmEndpoint } from '../../shared/adapters/http/node-crm-endpoint';
import { checkWebhookUrl, refusedAddress } from '../../shared/domain/crm/webhook-destination';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import type { CrmPost } from '../../shared/ports/crm-webhooks';
import type { JobEvent } from '../../shared/ports/job-events';
import { NUMBERS } from '../support/seeds';
import { startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §5: the destination rules for a CRM webhook, checked when it is set and again before every send, with the
 * host resolved and every address checked, and the POST connected to the address that was checked.
 */
describe('the destination rules for a webhook URL', () => {
  it.each([
    ['http://crm.example.com/hook', 'not https'],
    ['https://user:pass@crm.example.com/hook', 'carries credentials'],
    ['https://localhost/hook', 'names this machine'],
    ['https://api.localhost/hook', 'names this machine'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.20.0.1/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://100.64.0.1/hook', 'private'],
    ['https://0.0.0.0/hook', 'private'],
    ['https://224.0.0.1/hook', 'reserved'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[fd00::1]/hook', 'private'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['not a url', 'not a URL'],
    [`https://crm.example.com/${'a'.repeat(500)}`, 'longer than 500'],
  ])('refuses %s (%s)', (url, why) => {
    const verdict = checkWebhookUrl(url);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toContain(why);
  });

  it('allows an https URL to a host name or a public address', () => {
    expect(checkWebhookUrl('https://hooks.zapier.com/hooks/catch/1/abc/')).toMatchObject({ allowed: true });
    expect(checkWebhookUrl('https://93.184.216.34/hook')).toMatchObject({ allowed: true });
    expect(checkWebhookUrl('https://[2606:4700::6810:85e5]/hook')).toMatchObject({ allowed: true });
  });

  it('allows the local receiver only when told (the local service), and only exactly it', () => {
    const localReceiver = 'http://localhost:3000/local/crm';
    expect(checkWebhookUrl(localReceiver).allowed).toBe(false);
    expect(checkWebhookUrl(localReceiver, { localReceiver })).toMatchObject({ allowed: true, local: true });
    expect(checkWebhookUrl('http://localhost:3000/local/other', { localReceiver }).allowed).toBe(false);
  });

  it('checks resolved addresses in every refused range, IPv4 and IPv6', () => {
    for (const address of ['127.0.0.53', '10.0.0.1', '169.254.1.1', '::', 'fc00::2', 'ff02::1', '198.18.0.1'])
      expect(refusedAddress(address)).toBeDefined();
    for (const address of ['8.8.8.8', '2001:4860:4860::8888']) expect(refusedAddress(address)).toBeUndefined();
  });
});

describe('delivery through the destination rules', () => {
  const ACE = {
    id: 'c1',
    businessName: 'Ace Plumbing',
    ownerPhone: NUMBERS.aceOwner as E164,
    twilioNumber: NUMBERS.aceBusiness as E164,
  };
  const EVENT: JobEvent = {
    id: 'evt_call_missed_CA1',
    type: 'call.missed',
    clientId: 'c1',
    occurredAt: '2026-12-07T10:00:00.000Z',
    business: NUMBERS.aceBusiness,
  };
  let harness: Harness;
  let resolved: Record<string, string[]>;
  let posts: CrmPost[];
  beforeEach(async () => {
    harness = await startHarness();
    resolved = {};
    posts = [];
  });
  afterEach(async () => harness.close());

  /** The real endpoint, with the resolver a test decides (what DNS answers) and its POSTs recorded, never sent. */
  class ResolverUnderTest extends NodeCrmEndpoint {
    override async resolve(hostname: string): Promise<string[]> {
      return resolved[hostname] ?? [];
    }
    override async post(request: CrmPost): Promise<number> {
      posts.push(request);
      return 204;
    }
  }

  async function deliver(url: string): Promise<number> {
    await new DynamoClientAdmin(harness.db, harness.config.directory.directoryTable).setCrmWebhook(
      ACE,
      { url, secret: 'whsec_x' },
      new Date(),
    );
    const consume = createCrmConsumer(
      wireCrm(harness.config, {
        service: 'crm',
        db: harness.db,
        crmQueue: harness.functions.crm.queue,
        crmEndpoint: new ResolverUnderTest(),
        emfWriter: (line) => harness.emfLines.push(line),
      }),
    );
    const { batchItemFailures } = await consume({
      Records: [
        {
          messageId: 'm1',
          receiptHandle: 'm1',
          body: JSON.stringify(EVENT),
          attributes: { ApproximateReceiveCount: '1' },
        },
      ],
    } as never);
    return batchItemFailures.length;
  }

  it.each([
    ['http://crm.example.com/hook', {}],
    ['https://127.0.0.1/hook', {}],
    ['https://crm.example.com/hook', { 'crm.example.com': ['10.0.0.7'] }],
    ['https://crm.example.com/hook', { 'crm.example.com': ['169.254.169.254'] }],
    ['https://crm.example.com/hook', { 'crm.example.com': ['::1'] }],
    // Rebinding: one public answer among private ones is not enough; every address must be public.
    ['https://crm.example.com/hook', { 'crm.example.com': ['93.184.216.34', '127.0.0.1'] }],
    ['https://nowhere.example.com/hook', {}],
  ] as Array<[string, Record<string, string[]>]>)(
    'refuses %s resolving to %j: nothing sent, retried later, counted',
    async (url, dns) => {
      resolved = dns;
      expect(await deliver(url)).toBe(1);
      expect(posts).toEqual([]);
      expect(harness.metrics()[MetricName.CRM_DESTINATION_REFUSED]).toBe(1);
    },
  );

  it('a host that later resolves to a private address (DNS rebinding) is refused at that send: checked before each', async () => {
    resolved = { 'crm.example.com': ['93.184.216.34'] };
    expect(await deliver('https://crm.example.com/hook')).toBe(0);
    // The same webhook, unchanged: its name now answers with the metadata service, then loopback.
    for (const address of ['169.254.169.254', '127.0.0.1']) {
      resolved = { 'crm.example.com': [address] };
      expect(await deliver('https://crm.example.com/hook')).toBe(1);
    }

    expect(posts.map((post) => post.address)).toEqual(['93.184.216.34']);
    expect(harness.metrics()[MetricName.CRM_DESTINATION_REFUSED]).toBe(2);
  });

  it('posts to the address it checked, with the host name kept for Host and TLS', async () => {
    resolved = { 'crm.example.com': ['93.184.216.34', '2606:2800:220:1::1'] };
    expect(await deliver('https://crm.example.com/hook')).toBe(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ address: '93.184.216.34' });
    expect(posts[0]?.url.hostname).toBe('crm.example.com');
    expect(harness.metrics()[MetricName.CRM_DELIVERED]).toBe(1);
  });
});

describe('the POST itself (Node http, no dependency)', () => {
  it('connects to the pinned address without asking DNS, keeps the Host header, follows no redirect', async () => {
    const seen: Array<{ headers: IncomingHttpHeaders; url?: string }> = [];
    const server = createServer((request, response) => {
      seen.push({ headers: request.headers, ...(request.url ? { url: request.url } : {}) });
      response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // A name DNS cannot resolve: only the pinned address can have been used.
      const status = await new NodeCrmEndpoint(1000).post({
        url: new URL(`http://crm.invalid:${port}/hook`),
        address: '127.0.0.1',
        body: '{"id":"evt_1"}',
        headers: { 'x-mct-event-id': 'evt_1' },
      });
      expect(status).toBe(302);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        url: '/hook',
        headers: { host: `crm.invalid:${port}`, 'x-mct-event-id': 'evt_1' },
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
