export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/** Resolves the credentials once and caches them; a failed fetch is retried on the next call. */
export type TwilioCredentialsProvider = () => Promise<TwilioCredentials>;

export function cachedCredentials(fetchCredentials: () => Promise<TwilioCredentials>): TwilioCredentialsProvider {
  let cached: Promise<TwilioCredentials> | undefined;
  return () => {
    cached ??= fetchCredentials().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
