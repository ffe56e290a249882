import { fetchTwilioCredentialsFromSecretsManager } from './adapters/secrets/secrets-manager-credentials';
import type { WiringOptions } from './wiring';

/** The deployed functions' wiring options: Twilio credentials from Secrets Manager, everything else by default. */
export function lambdaWiring(service: string): WiringOptions {
  return { service, fetchSecretCredentials: fetchTwilioCredentialsFromSecretsManager };
}
