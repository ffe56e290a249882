export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export type TwilioCredentialsProvider = () => Promise<TwilioCredentials>;

/** Credentials fetched once and kept for a while; `refresh` fetches again at once, for a token that was rotated. */
export interface CachedCredentials extends TwilioCredentialsProvider {
  /** Fetches again unless that was done within the last minute; true when the token changed. */
  refresh(): Promise<boolean>;
}

export interface CacheOptions {
  /** Fetched again after this long, so a rotated token reaches warm containers (default 5 minutes). */
  maxAgeMs?: number;
  /** A refresh asked for sooner than this after the last fetch does nothing: bad signatures cannot flood the secret store. */
  minRefreshIntervalMs?: number;
  now?: () => number;
}

/** Fetches the credentials at most once per max age; a failed fetch is retried on the next call. */
export function cachedCredentials(
  fetchCredentials: () => Promise<TwilioCredentials>,
  options: CacheOptions = {},
): CachedCredentials {
  const { maxAgeMs = 5 * 60_000, minRefreshIntervalMs = 60_000, now = Date.now } = options;
  let cached: Promise<TwilioCredentials> | undefined;
  let fetchedAt = 0;
  const fetchNow = () => {
    fetchedAt = now();
    cached = fetchCredentials().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
  const get = (() => (cached && now() - fetchedAt < maxAgeMs ? cached : fetchNow())) as CachedCredentials;
  get.refresh = async () => {
    if (cached && now() - fetchedAt < minRefreshIntervalMs) return false;
    const before = cached ? await cached.catch(() => undefined) : undefined;
    const after = await fetchNow();
    return before?.authToken !== after.authToken;
  };
  return get;
}
