import { loadConfig } from '../shared/config';
import { FUNCTION_SETTINGS, SECTION_VARIABLES } from '../shared/function-settings';
import { LOCAL_DEFAULTS } from './local-defaults';
import type { LocalServiceOptions, TwilioApiChoice } from './local-service';
import { loadSeedFile } from './seed';

type Env = Record<string, string | undefined>;

/**
 * Variables the deployed functions read that name a cloud resource; locally a local part stands in for each
 * (npm start builds that part of the configuration itself). Every other variable of shared/function-settings.ts is
 * read by `npm start` under the same name, with the same validation and defaults as in Lambda.
 */
export const LOCAL_STAND_INS: Readonly<Record<string, string>> = {
  DIRECTORY_TABLE: 'the embedded DynamoDB\'s "Directory" table (the admin CLI finds it by that name)',
  ACTIVITY_TABLE: 'the embedded DynamoDB\'s "Activity" table',
  DYNAMODB_ENDPOINT: 'the embedded DynamoDB on DYNAMODB_PORT',
  REDELIVERY_QUEUE_URL: 'the in-process redelivery queues (GET /local/queue)',
  CRM_EVENTS_QUEUE_URL: 'the in-process CRM queue, delivered to the local receiver (GET /local/crm)',
  SIGNUP_FUNCTION_NAME:
    "the sign-up function's handler, called in process through a JSON round trip as Lambda Invoke would",
  TWILIO_SECRET_ID: 'no Secrets Manager locally: npm start refuses it; give TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  ONBOARDING_NUMBER: "the seed file's onboardingNumber (admin audit reads it there too); a different one is refused",
};

/** Locally the redelivery queues retry after a second unless REDELIVERY_BASE_DELAY_SECONDS says otherwise. */
const LOCAL_REDELIVERY_BASE_DELAY_SECONDS = 1;

/**
 * Twilio's real REST API only when the three settings of a real trial are all given: the account's SID and auth
 * token and a public URL (a tunnel) for Twilio to call back. Anything less keeps the fake, and the local default
 * account (AC000…) is always the fake's.
 */
export function chooseTwilioApi(env: Env): TwilioApiChoice {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const real =
    Boolean(accountSid) &&
    accountSid !== LOCAL_DEFAULTS.accountSid &&
    Boolean(env.TWILIO_AUTH_TOKEN?.trim()) &&
    Boolean(env.PUBLIC_BASE_URL?.trim());
  if (!real) return { kind: 'fake' };
  // TWILIO_API_BASE_URL moves the real-API path off api.twilio.com: for tests, which point it at a fake.
  const baseUrl = env.TWILIO_API_BASE_URL?.trim();
  return { kind: 'real', ...(baseUrl ? { baseUrl } : {}) };
}

/**
 * What `npm start` starts, from the environment: the same variable names (and the same readers, shared/config.ts)
 * as the deployed functions, plus the local ones (PORT, HOST, DYNAMODB_PORT, SEED_FILE).
 */
export async function localServiceOptionsFromEnvironment(env: Env): Promise<LocalServiceOptions> {
  if (env.TWILIO_SECRET_ID?.trim())
    throw new Error(
      `TWILIO_SECRET_ID is read by the deployed functions only (Secrets Manager); locally give TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN instead`,
    );
  const seedFile = env.SEED_FILE || LOCAL_DEFAULTS.seedFile;
  const seed = await loadSeedFile(seedFile);
  // The sections whose every variable npm start reads as Lambda does; a resource name is not needed to read them.
  const behaviour = loadConfig(['textBack', 'sendLimits', 'signup', 'calls', 'ownerTexts'], env);
  const onboardingNumber = env.ONBOARDING_NUMBER?.trim();
  if (onboardingNumber) {
    const { numbers } = loadConfig(['numbers'], env);
    if (numbers.onboardingNumber !== seed.onboardingNumber)
      throw new Error(
        `ONBOARDING_NUMBER ${numbers.onboardingNumber} differs from the seed's onboardingNumber ${seed.onboardingNumber} (${seedFile}): locally the onboarding number is the seed's; change it there`,
      );
  }
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() || LOCAL_DEFAULTS.authToken;
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() || LOCAL_DEFAULTS.accountSid;
  const twilio = loadConfig(['twilio'], {
    ...env,
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
  }).twilio;
  return {
    port: portFrom(env.PORT, LOCAL_DEFAULTS.port, 'PORT'),
    host: env.HOST || LOCAL_DEFAULTS.host,
    dynamodbPort: portFrom(env.DYNAMODB_PORT, LOCAL_DEFAULTS.dynamodbPort, 'DYNAMODB_PORT'),
    authToken,
    accountSid,
    seed,
    seedFile,
    textBackCooldownMinutes: behaviour.textBack.cooldownMinutes,
    dailySmsCap: behaviour.textBack.dailySmsCap,
    ...(behaviour.textBack.emergencySets ? { emergencySets: behaviour.textBack.emergencySets } : {}),
    sendLimits: behaviour.sendLimits,
    signup: behaviour.signup,
    ringSeconds: behaviour.calls.ringSeconds,
    recordingsPublic: behaviour.calls.recordingsPublic,
    callBudgets: {
      dialsPerOwnerPerHour: behaviour.calls.dialsPerOwnerPerHour,
      dialsPerCallerPerDay: behaviour.calls.dialsPerCallerPerDay,
      voicemailsPerCallerPerDay: behaviour.calls.voicemailsPerCallerPerDay,
    },
    twilioApi: chooseTwilioApi(env),
    ...(twilio.messagingServiceSid ? { messagingServiceSid: twilio.messagingServiceSid } : {}),
    ...(twilio.apiTimeoutMs !== undefined ? { twilioApiTimeoutMs: twilio.apiTimeoutMs } : {}),
    ...(env.METRICS_NAMESPACE?.trim() ? { metricsNamespace: loadConfig(['metrics'], env).metrics.namespace } : {}),
    redeliveryBaseDelaySeconds: env.REDELIVERY_BASE_DELAY_SECONDS?.trim()
      ? loadConfig(['redelivery'], { ...env, REDELIVERY_QUEUE_URL: 'in-process' }).redelivery.baseDelaySeconds
      : LOCAL_REDELIVERY_BASE_DELAY_SECONDS,
    waitingListIntervalMs: 5000,
    ownerTexts: behaviour.ownerTexts,
    ownerTextsIntervalMs: 5000,
    ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: loadConfig(['webhook'], env).webhook.publicBaseUrl } : {}),
  };
}

/** Every variable any deployed function reads (shared/function-settings.ts). */
export function deployedVariables(): string[] {
  return [
    ...new Set(
      Object.values(FUNCTION_SETTINGS)
        .flat()
        .flatMap((section) => [...SECTION_VARIABLES[section].required, ...SECTION_VARIABLES[section].optional]),
    ),
  ];
}

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}
