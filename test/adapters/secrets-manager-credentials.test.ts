import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { fetchTwilioCredentialsFromSecretsManager } from '../../shared/adapters/secrets/secrets-manager-credentials';

// Secrets Manager cannot run here: a client that answers GetSecretValue as the service does, with the real SDK command.
function secretsClient(secrets: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('only GetSecretValue is expected');
      const id = command.input.SecretId ?? '';
      asked.push(id);
      if (!(id in secrets))
        throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
          name: 'ResourceNotFoundException',
        });
      return { SecretString: secrets[id] };
    },
  };
}

describe('Twilio credentials from Secrets Manager', () => {
  it('reads the account SID and auth token from the named secret', async () => {
    const client = secretsClient({ 'prod/twilio': JSON.stringify({ accountSid: 'AC123', authToken: 'token-1' }) });

    const credentials = await fetchTwilioCredentialsFromSecretsManager('prod/twilio', client as never);

    expect(credentials).toEqual({ accountSid: 'AC123', authToken: 'token-1' });
    expect(client.asked).toEqual(['prod/twilio']);
  });

  it('refuses a secret that does not hold both the account SID and the auth token, naming the secret only', async () => {
    const client = secretsClient({ 'prod/twilio': JSON.stringify({ accountSid: 'AC123' }) });

    await expect(fetchTwilioCredentialsFromSecretsManager('prod/twilio', client as never)).rejects.toThrow(
      'secret prod/twilio must hold JSON {"accountSid", "authToken"}',
    );
  });

  it('passes on a missing secret as Secrets Manager reports it', async () => {
    const client = secretsClient({});

    await expect(fetchTwilioCredentialsFromSecretsManager('prod/twilio', client as never)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
