import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crmSignature } from '../../shared/domain/crm/sign-event';

/**
 * Issue 19 §5: the small receiver docs/admin.md gives CRM builders, run as written (Node's http and crypto alone),
 * checks the signatures the crm function makes, and refuses what it must.
 */
interface DocsReceiver {
  verifyMctSignature(secret: string, header: string | undefined, rawBody: string, nowSeconds?: number): boolean;
  receive: Parameters<typeof createServer>[1];
}

function loadDocsReceiver(secret: string): DocsReceiver {
  const doc = readFileSync(resolve(__dirname, '../../docs/admin.md'), 'utf8');
  const code = /<!-- crm-receiver:[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/admin.md has no crm-receiver block');
  const file = join(mkdtempSync(join(tmpdir(), 'crm-receiver-')), 'receiver.cjs');
  writeFileSync(file, code);
  process.env.MCT_WEBHOOK_SECRET = secret;
  return require(file) as DocsReceiver;
}

const SECRET = 'whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
const BODY = '{"id":"evt_job_opened_SM1","type":"job.opened","clientId":"c1","job":{"ref":1}}';
const NOW = 1_796_000_000;

describe("the docs' CRM receiver", () => {
  const receiver = loadDocsReceiver(SECRET);

  it("accepts the crm function's signature of the raw body", () => {
    expect(receiver.verifyMctSignature(SECRET, crmSignature(SECRET, NOW, BODY), BODY, NOW + 10)).toBe(true);
  });

  it('refuses another secret, a changed body, a stale timestamp, a missing or malformed header', () => {
    const header = crmSignature(SECRET, NOW, BODY);
    expect(receiver.verifyMctSignature('whsec_other', header, BODY, NOW)).toBe(false);
    expect(receiver.verifyMctSignature(SECRET, header, BODY.replace('"ref":1', '"ref":2'), NOW)).toBe(false);
    expect(receiver.verifyMctSignature(SECRET, header, BODY, NOW + 301)).toBe(false);
    expect(receiver.verifyMctSignature(SECRET, undefined, BODY, NOW)).toBe(false);
    expect(receiver.verifyMctSignature(SECRET, `t=${NOW},v1=abc`, BODY, NOW)).toBe(false);
    expect(receiver.verifyMctSignature(SECRET, header.replace(`t=${NOW}`, `t=${NOW + 1}`), BODY, NOW)).toBe(false);
  });

  it('as an HTTP server: 204 for a signed event, 400 for a forged one', async () => {
    const server = createServer(receiver.receive);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const post = (signature: string) =>
      fetch(url, { method: 'POST', body: BODY, headers: { 'x-mct-signature': signature } }).then((r) => r.status);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const now = Math.floor(Date.now() / 1000);
      expect(await post(crmSignature(SECRET, now, BODY))).toBe(204);
      expect(await post(crmSignature('whsec_forged', now, BODY))).toBe(400);
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
