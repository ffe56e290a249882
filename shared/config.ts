import { normalizePhoneNumber, type E164 } from './domain/numbers/phone-number';

export type TwilioCredentialSource =
  | { kind: 'environment'; accountSid: string; authToken: string }
  | { kind: 'secret'; secretId: string };

export interface Config {
  directoryTable: string;
  activityTable: string;
  /** The configured onboarding number: resolution's fallback step 3. */
  onboardingNumber: E164;
  /** Base of the public URL Twilio calls; a route's signature is checked against this plus the route path. */
  publicBaseUrl: string;
  metricsNamespace: string;
  twilioCredentials: TwilioCredentialSource;
  /** One text-back per caller per business within this many minutes (TEXT_BACK_COOLDOWN_MINUTES, default 30). */
  textBackCooldownMinutes: number;
  /** Outbound SMS per business per UTC day (DAILY_SMS_CAP, default 200). */
  dailySmsCap: number;
  /** Only locally: the embedded DynamoDB. */
  dynamodbEndpoint?: string;
  /** Only locally: the fake of Twilio's REST API. */
  twilioApiBaseUrl?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The only reader of process.env. Throws at cold start, naming the missing or bad variable; no defaults for resources or secrets. */
export function loadConfig(env: Env = process.env): Config {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`missing environment variable ${name}`);
    return value;
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;

  const onboardingNumber = normalizePhoneNumber(required('ONBOARDING_NUMBER'));
  if (!onboardingNumber) throw new ConfigError('ONBOARDING_NUMBER is not a valid phone number');

  const publicBaseUrl = required('PUBLIC_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicBaseUrl)) throw new ConfigError('PUBLIC_BASE_URL must be an http(s) URL');

  const secretId = optional('TWILIO_SECRET_ID');
  const twilioCredentials: TwilioCredentialSource = secretId
    ? { kind: 'secret', secretId }
    : { kind: 'environment', accountSid: required('TWILIO_ACCOUNT_SID'), authToken: required('TWILIO_AUTH_TOKEN') };

  // Behaviour knobs have documented defaults; resource names and secrets never do.
  const positiveInteger = (name: string, fallback: number): number => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number of at least 1, got "${raw}"`);
    return value;
  };

  const dynamodbEndpoint = optional('DYNAMODB_ENDPOINT');
  const twilioApiBaseUrl = optional('TWILIO_API_BASE_URL');
  return {
    directoryTable: required('DIRECTORY_TABLE'),
    activityTable: required('ACTIVITY_TABLE'),
    onboardingNumber,
    publicBaseUrl,
    metricsNamespace: required('METRICS_NAMESPACE'),
    twilioCredentials,
    textBackCooldownMinutes: positiveInteger('TEXT_BACK_COOLDOWN_MINUTES', 30),
    dailySmsCap: positiveInteger('DAILY_SMS_CAP', 200),
    ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}),
    ...(twilioApiBaseUrl ? { twilioApiBaseUrl } : {}),
  };
}
