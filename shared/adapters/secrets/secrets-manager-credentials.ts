import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TwilioCredentials } from '../twilio/twilio-credentials';

/**
 * Reads `{"accountSid": "...", "authToken": "..."}` from Secrets Manager. Never logged.
 * The client is loaded at the first fetch, not when the bundle loads: a function whose credentials are not in a secret
 * never loads it, and the others load it on the request that needs it (once per cold start, credentials are cached).
 */
export async function fetchTwilioCredentialsFromSecretsManager(
  secretId: string,
  client?: Pick<SecretsManagerClient, 'send'>,
): Promise<TwilioCredentials> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await (client ?? new SecretsManagerClient({})).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  const parsed = JSON.parse(SecretString ?? '{}') as Partial<TwilioCredentials>;
  if (typeof parsed.accountSid !== 'string' || typeof parsed.authToken !== 'string') {
    throw new Error(`secret ${secretId} must hold JSON {"accountSid", "authToken"}`);
  }
  return { accountSid: parsed.accountSid, authToken: parsed.authToken };
}
