import type { TextBackRules } from './domain/calls/text-back-policy';
import type { SendLimits } from './domain/sending/send-limits';
import type { OwnerTextsRules } from './domain/after-job/owner-texts-run';
import type { SignupRules } from './domain/signup/signup-rules';
import { EMERGENCY_SETS, parseEmergencySets } from './domain/emergency/detect-emergency';
import { normalizePhoneNumber, type E164 } from './domain/numbers/phone-number';
import type { ConfigSectionName } from './function-settings';

export type TwilioCredentialSource =
  | { kind: 'environment'; accountSid: string; authToken: string }
  | { kind: 'secret'; secretId: string };

/** The service's settings in sections; each function reads only the sections it uses (shared/function-settings.ts). */
export interface ServiceConfig {
  directory: { directoryTable: string };
  activity: { activityTable: string };
  /** Only locally: the embedded DynamoDB. */
  dynamodb: { endpoint?: string };
  /** The configured onboarding number: resolution's fallback step 3. */
  numbers: { onboardingNumber: E164 };
  /** Base of the public URL Twilio calls; a route's signature is checked against this plus the route path. */
  webhook: { publicBaseUrl: string };
  metrics: { namespace: string };
  /** Where the account's credentials come from; `apiBaseUrl` only locally (the fake of Twilio's REST API). */
  twilio: {
    credentials: TwilioCredentialSource;
    apiBaseUrl?: string;
    messagingServiceSid?: string;
    /** TWILIO_API_TIMEOUT_MS: how long one Messages API call may take (default 5000); a timed-out send is queued. */
    apiTimeoutMs?: number;
  };
  /** TEXT_BACK_COOLDOWN_MINUTES (default 30) and DAILY_SMS_CAP (default 200). */
  textBack: TextBackRules;
  /** DAILY_OWNER_SMS_CAP (default 500) and AUTOMATED_TEXTS_PER_COUNTERPART (default 3). */
  sendLimits: SendLimits;
  /** SIGNUP_ASSIGNMENTS_PER_HOUR (20), SIGNUP_APPROVAL_REQUIRED (false), SIGNUP_REPLIES_PER_DAY (20), ONBOARDING_DAILY_SMS_CAP (1000), NUMBER_QUARANTINE_DAYS (30). */
  signup: SignupRules;
  /** SIGNUP_FUNCTION_NAME: the sign-up function, which the SMS function and its consumer hand onboarding texts to. */
  signupFunction: { functionName: string };
  /** The route's redelivery queue (REDELIVERY_QUEUE_URL) and its first retry delay (REDELIVERY_BASE_DELAY_SECONDS, 30). */
  redelivery: { queueUrl: string; baseDelaySeconds: number };
  /** Issue 19 §5: the CRM queue (CRM_EVENTS_QUEUE_URL) job events go to, for businesses with a CRM webhook. */
  crmEvents: { queueUrl: string };
  /**
   * RING_SECONDS (default 20): how long `ring` mode rings the owner; RECORDINGS_PUBLIC (default false): voicemail links
   * in texts; RING_DIALS_PER_HOUR (30), RING_DIALS_PER_CALLER (5), VOICEMAILS_PER_CALLER (3): the dial and voicemail budgets.
   */
  calls: CallRules;
  /** Issue 19, the owner-texts job: REVIEW_HOURS (default 08-21, the customer's clock) and OWNER_TEXTS_PER_RUN (500). */
  ownerTexts: OwnerTextsRules;
}

export interface CallRules {
  ringSeconds: number;
  /** True only when the account's recordings are public media (no HTTP auth): only then a text carries the link. */
  recordingsPublic: boolean;
  /** Ring mode dials one business's owner at most this many times per UTC hour (RING_DIALS_PER_HOUR). */
  dialsPerOwnerPerHour: number;
  /** Ring mode rings the owner for one caller at most this many times per UTC day (RING_DIALS_PER_CALLER). */
  dialsPerCallerPerDay: number;
  /** At most this many voicemails per caller per business per UTC day reach the owner (VOICEMAILS_PER_CALLER). */
  voicemailsPerCallerPerDay: number;
}

/** The dial and voicemail budgets' defaults, as docs/configuration.md gives them. */
export const DEFAULT_CALL_BUDGETS = { dialsPerOwnerPerHour: 30, dialsPerCallerPerDay: 5, voicemailsPerCallerPerDay: 3 };

export type ConfigFor<K extends ConfigSectionName> = Pick<ServiceConfig, K>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A Messaging Service SID as Twilio makes them. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;

type Env = Record<string, string | undefined>;

const required = (env: Env, name: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`missing environment variable ${name}`);
  return value;
};
const optional = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

// Behaviour knobs have documented defaults; resource names and secrets never do.
const positiveInteger = (env: Env, name: string, fallback: number): number => {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
};

/** A whole number of days or the like where 0 means "none" (NUMBER_QUARANTINE_DAYS=0: no rest). */
const nonNegativeInteger = (env: Env, name: string, fallback: number): number => {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a whole number, 0 or more, got "${raw}"`);
  return value;
};

const flag = (env: Env, name: string, fallback: boolean): boolean => {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`${name} must be "true" or "false", got "${raw}"`);
};

export type SectionReader<K extends ConfigSectionName> = (env: Env) => ServiceConfig[K];
/** Readers for exactly the sections K, in the order they are read. */
export type SectionReaders<K extends ConfigSectionName> = { [S in K]: SectionReader<S> };

// One reader per section, each its own const: a function's bundle carries only the readers its table names
// (shared/function-config.ts).
export const readDirectory: SectionReader<'directory'> = (env: Env) => ({
  directoryTable: required(env, 'DIRECTORY_TABLE'),
});
export const readActivity: SectionReader<'activity'> = (env: Env) => ({
  activityTable: required(env, 'ACTIVITY_TABLE'),
});
export const readDynamodb: SectionReader<'dynamodb'> = (env: Env) => {
  const endpoint = optional(env, 'DYNAMODB_ENDPOINT');
  return endpoint ? { endpoint } : {};
};
export const readNumbers: SectionReader<'numbers'> = (env: Env) => {
  const onboardingNumber = normalizePhoneNumber(required(env, 'ONBOARDING_NUMBER'));
  if (!onboardingNumber) throw new ConfigError('ONBOARDING_NUMBER is not a valid phone number');
  return { onboardingNumber };
};
export const readWebhook: SectionReader<'webhook'> = (env: Env) => {
  const publicBaseUrl = required(env, 'PUBLIC_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicBaseUrl)) throw new ConfigError('PUBLIC_BASE_URL must be an http(s) URL');
  // Twilio signs the exact URL it calls; a query string cannot be checked behind API Gateway (see twilio-signature.ts).
  if (/[?#]/.test(publicBaseUrl))
    throw new ConfigError('PUBLIC_BASE_URL must have no query string or fragment (not supported for Twilio webhooks)');
  return { publicBaseUrl };
};
export const readMetrics: SectionReader<'metrics'> = (env: Env) => ({ namespace: required(env, 'METRICS_NAMESPACE') });
export const readTwilio: SectionReader<'twilio'> = (env: Env) => {
  const secretId = optional(env, 'TWILIO_SECRET_ID');
  const credentials: TwilioCredentialSource = secretId
    ? { kind: 'secret', secretId }
    : {
        kind: 'environment',
        accountSid: required(env, 'TWILIO_ACCOUNT_SID'),
        authToken: required(env, 'TWILIO_AUTH_TOKEN'),
      };
  const apiBaseUrl = optional(env, 'TWILIO_API_BASE_URL');
  const messagingServiceSid = optional(env, 'TWILIO_MESSAGING_SERVICE_SID');
  if (messagingServiceSid !== undefined && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    throw new ConfigError('TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex characters');
  }
  const apiTimeoutMs = optional(env, 'TWILIO_API_TIMEOUT_MS');
  return {
    credentials,
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
    ...(messagingServiceSid ? { messagingServiceSid } : {}),
    ...(apiTimeoutMs !== undefined ? { apiTimeoutMs: positiveInteger(env, 'TWILIO_API_TIMEOUT_MS', 5000) } : {}),
  };
};
export const readRedelivery: SectionReader<'redelivery'> = (env: Env) => ({
  queueUrl: required(env, 'REDELIVERY_QUEUE_URL'),
  baseDelaySeconds: positiveInteger(env, 'REDELIVERY_BASE_DELAY_SECONDS', 30),
});
export const readCrmEvents: SectionReader<'crmEvents'> = (env: Env) => ({
  queueUrl: required(env, 'CRM_EVENTS_QUEUE_URL'),
});
export const readTextBack: SectionReader<'textBack'> = (env: Env) => {
  const emergencySets = parseEmergencySets(optional(env, 'EMERGENCY_KEYWORD_SETS'));
  if ('unknown' in emergencySets)
    throw new ConfigError(
      `EMERGENCY_KEYWORD_SETS names no set "${emergencySets.unknown}": all, none, or some of ${EMERGENCY_SETS.join(', ')}`,
    );
  return {
    cooldownMinutes: positiveInteger(env, 'TEXT_BACK_COOLDOWN_MINUTES', 30),
    dailySmsCap: positiveInteger(env, 'DAILY_SMS_CAP', 200),
    emergencySets,
  };
};
export const readSendLimits: SectionReader<'sendLimits'> = (env: Env) => ({
  dailyOwnerSmsCap: positiveInteger(env, 'DAILY_OWNER_SMS_CAP', 500),
  automatedTextsPerCounterpart: positiveInteger(env, 'AUTOMATED_TEXTS_PER_COUNTERPART', 3),
});
export const readSignup: SectionReader<'signup'> = (env: Env) => ({
  assignmentsPerHour: positiveInteger(env, 'SIGNUP_ASSIGNMENTS_PER_HOUR', 20),
  approvalRequired: flag(env, 'SIGNUP_APPROVAL_REQUIRED', false),
  repliesPerDay: positiveInteger(env, 'SIGNUP_REPLIES_PER_DAY', 20),
  onboardingDailySmsCap: positiveInteger(env, 'ONBOARDING_DAILY_SMS_CAP', 1000),
  numberQuarantineDays: nonNegativeInteger(env, 'NUMBER_QUARANTINE_DAYS', 30),
});
export const readSignupFunction: SectionReader<'signupFunction'> = (env: Env) => ({
  functionName: required(env, 'SIGNUP_FUNCTION_NAME'),
});
export const readCalls: SectionReader<'calls'> = (env: Env) => {
  const ringSeconds = positiveInteger(env, 'RING_SECONDS', 20);
  // Twilio's <Dial timeout> allows 5 to 600 seconds.
  if (ringSeconds < 5 || ringSeconds > 600)
    throw new ConfigError(`RING_SECONDS must be from 5 to 600, got "${ringSeconds}"`);
  const rawPublic = optional(env, 'RECORDINGS_PUBLIC') ?? 'false';
  if (rawPublic !== 'true' && rawPublic !== 'false')
    throw new ConfigError(`RECORDINGS_PUBLIC must be true or false, got "${rawPublic}"`);
  return {
    ringSeconds,
    recordingsPublic: rawPublic === 'true',
    dialsPerOwnerPerHour: positiveInteger(env, 'RING_DIALS_PER_HOUR', DEFAULT_CALL_BUDGETS.dialsPerOwnerPerHour),
    dialsPerCallerPerDay: positiveInteger(env, 'RING_DIALS_PER_CALLER', DEFAULT_CALL_BUDGETS.dialsPerCallerPerDay),
    voicemailsPerCallerPerDay: positiveInteger(
      env,
      'VOICEMAILS_PER_CALLER',
      DEFAULT_CALL_BUDGETS.voicemailsPerCallerPerDay,
    ),
  };
};

export const readOwnerTexts: SectionReader<'ownerTexts'> = (env: Env) => {
  const raw = optional(env, 'REVIEW_HOURS') ?? '08-21';
  const hours = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  const from = Number(hours?.[1]);
  const until = Number(hours?.[2]);
  if (!hours || from >= until || until > 24)
    throw new ConfigError(`REVIEW_HOURS must be two hours from-until, e.g. 08-21, got "${raw}"`);
  return { reviewHours: { from, until }, perRun: positiveInteger(env, 'OWNER_TEXTS_PER_RUN', 500) };
};

const SECTION_READERS: SectionReaders<ConfigSectionName> = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  webhook: readWebhook,
  metrics: readMetrics,
  twilio: readTwilio,
  redelivery: readRedelivery,
  crmEvents: readCrmEvents,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  signup: readSignup,
  signupFunction: readSignupFunction,
  calls: readCalls,
  ownerTexts: readOwnerTexts,
};

/**
 * The only reader of process.env. Reads the named sections and nothing else; throws at cold start, naming the
 * missing or bad variable. No defaults for resources or secrets.
 */
export function loadConfig<K extends ConfigSectionName>(sections: readonly K[], env: Env = process.env): ConfigFor<K> {
  const config = {} as ConfigFor<K>;
  for (const section of sections) (config as Record<string, unknown>)[section] = SECTION_READERS[section](env);
  return config;
}

/** Reads exactly the sections `readers` names, in their order, like loadConfig: a function's bundle carries only these. */
export function readConfig<K extends ConfigSectionName>(
  readers: SectionReaders<K>,
  env: Env = process.env,
): ConfigFor<K> {
  const config = {} as Record<string, unknown>;
  for (const [section, read] of Object.entries<(env: Env) => unknown>(readers)) config[section] = read(env);
  return config as ConfigFor<K>;
}
