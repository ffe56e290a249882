import { cachedCredentials, type TwilioCredentials } from '../../shared/adapters/twilio/twilio-credentials';

function secretStore(tokens: string[]) {
  let fetches = 0;
  return {
    fetch: async (): Promise<TwilioCredentials> => {
      const token = tokens[Math.min(fetches, tokens.length - 1)] as string;
      fetches += 1;
      if (token === 'fail') throw new Error('secrets manager unavailable');
      return { accountSid: 'AC1', authToken: token };
    },
    fetches: () => fetches,
  };
}

describe('Twilio credentials cached per container', () => {
  it('are fetched once and served from the cache within their max age', async () => {
    const store = secretStore(['t1']);
    let now = 0;
    const credentials = cachedCredentials(store.fetch, { maxAgeMs: 1000, now: () => now });

    await credentials();
    now = 999;
    await credentials();

    expect(store.fetches()).toBe(1);
  });

  it('are fetched again after their max age, so a rotated token reaches warm containers', async () => {
    const store = secretStore(['t1', 't2']);
    let now = 0;
    const credentials = cachedCredentials(store.fetch, { maxAgeMs: 1000, now: () => now });

    await credentials();
    now = 1000;

    expect((await credentials()).authToken).toBe('t2');
  });

  it('a refresh after a bad signature fetches at once and says whether the token changed', async () => {
    const store = secretStore(['t1', 't2']);
    let now = 0;
    const credentials = cachedCredentials(store.fetch, { minRefreshIntervalMs: 100, now: () => now });
    await credentials();
    now = 100;

    expect(await credentials.refresh()).toBe(true);
    expect((await credentials()).authToken).toBe('t2');
  });

  it('refreshes at most once per interval, so bad signatures cannot flood the secret store', async () => {
    const store = secretStore(['t1', 't2', 't3']);
    let now = 0;
    const credentials = cachedCredentials(store.fetch, { minRefreshIntervalMs: 60_000, now: () => now });
    await credentials();

    now = 59_999;
    expect(await credentials.refresh()).toBe(false);
    expect(store.fetches()).toBe(1);
  });

  it('a failed fetch is not cached: the next call fetches again', async () => {
    const store = secretStore(['fail', 't1']);
    const credentials = cachedCredentials(store.fetch);

    await expect(credentials()).rejects.toThrow('secrets manager unavailable');
    expect((await credentials()).authToken).toBe('t1');
  });
});
