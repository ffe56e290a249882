import { fetchTwilioCredentialsFromSecretsManager } from './adapters/secrets/secrets-manager-credentials';
import { loadConfig } from './config';
import { createDependencies, type WebhookDependencies } from './dependencies';

/** Cold-start wiring for the deployed functions: config from the environment, Twilio credentials from Secrets Manager. */
export function createLambdaDependencies(service: string): WebhookDependencies {
  return createDependencies(loadConfig(), { service, fetchSecretCredentials: fetchTwilioCredentialsFromSecretsManager });
}
