import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TwilioCredentials } from '../twilio/twilio-credentials';

/** Reads `{"accountSid": "...", "authToken": "..."}` from Secrets Manager. Never logged. */
export async function fetchTwilioCredentialsFromSecretsManager(secretId: string, client = new SecretsManagerClient({})): Promise<TwilioCredentials> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const parsed = JSON.parse(SecretString ?? '{}') as Partial<TwilioCredentials>;
  if (typeof parsed.accountSid !== 'string' || typeof parsed.authToken !== 'string') {
    throw new Error(`secret ${secretId} must hold JSON {"accountSid", "authToken"}`);
  }
  return { accountSid: parsed.accountSid, authToken: parsed.authToken };
}
