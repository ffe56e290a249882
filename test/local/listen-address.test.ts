import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { startLocalService, type LocalService } from '../../local/local-service';
import { ADMIN_SEED } from '../admin/support/admin-target';

/** An address of this machine other than loopback, as another machine on the network would reach it. */
const NETWORK_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

/** GET /health over a real TCP connection: the status code, or the connection error's code. */
function health(host: string, port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/health', timeout: 3000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });
}

async function start(host?: string): Promise<LocalService> {
  return startLocalService({
    port: 0,
    dynamodbPort: 0,
    authToken: 't',
    accountSid: 'AC00000000000000000000000000000000',
    seed: ADMIN_SEED,
    logWriter: () => undefined,
    ...(host ? { host } : {}),
  });
}

describe('where the local service listens', () => {
  let service: LocalService | undefined;
  afterEach(async () => service?.close());

  it('by default on 127.0.0.1 only, reachable at http://127.0.0.1:PORT and at its printed http://localhost:PORT', async () => {
    service = await start();
    const port = Number(new URL(service.url).port);

    expect(service.listening).toBe(`127.0.0.1:${port}`);
    expect(await health('127.0.0.1', port)).toBe(200);
    expect(await health('localhost', port)).toBe(200);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  (NETWORK_ADDRESS ? it : it.skip)(
    `by default not from the network (${NETWORK_ADDRESS ?? 'no network address here'})`,
    async () => {
      service = await start();

      expect(await health(NETWORK_ADDRESS as string, Number(new URL(service.url).port))).toBe('ECONNREFUSED');
    },
  );

  (NETWORK_ADDRESS ? it : it.skip)('with HOST=0.0.0.0, from the network too', async () => {
    service = await start('0.0.0.0');
    const port = Number(new URL(service.url).port);

    expect(service.listening).toBe(`0.0.0.0:${port}`);
    expect(await health(NETWORK_ADDRESS as string, port)).toBe(200);
    expect(await health('localhost', port)).toBe(200);
  });
});
