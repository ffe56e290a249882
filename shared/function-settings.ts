/**
 * Which configuration sections each function reads (shared/config.ts reads them; lib/ gives each function exactly
 * these environment variables). Dependency-free, so the stack and the runtime share one list.
 */
export const FUNCTION_SETTINGS = {
  voice: ['directory', 'dynamodb', 'numbers', 'webhook', 'metrics', 'twilio'],
  status: ['directory', 'activity', 'dynamodb', 'numbers', 'webhook', 'metrics', 'twilio', 'textBack', 'sendLimits'],
  sms: ['directory', 'activity', 'dynamodb', 'numbers', 'webhook', 'metrics', 'twilio', 'textBack', 'sendLimits'],
  waitlist: ['directory', 'activity', 'dynamodb', 'numbers', 'metrics', 'twilio'],
  audit: ['directory', 'activity', 'dynamodb', 'numbers', 'metrics'],
} as const;

export type FunctionName = keyof typeof FUNCTION_SETTINGS;
export type ConfigSectionName = (typeof FUNCTION_SETTINGS)[FunctionName][number];

/** The environment variables behind each section; optional ones (defaults, local-only) are marked. */
export const SECTION_VARIABLES: Record<ConfigSectionName, { required: readonly string[]; optional: readonly string[] }> = {
  directory: { required: ['DIRECTORY_TABLE'], optional: [] },
  activity: { required: ['ACTIVITY_TABLE'], optional: [] },
  dynamodb: { required: [], optional: ['DYNAMODB_ENDPOINT'] },
  numbers: { required: ['ONBOARDING_NUMBER'], optional: [] },
  webhook: { required: ['PUBLIC_BASE_URL'], optional: [] },
  metrics: { required: ['METRICS_NAMESPACE'], optional: [] },
  twilio: { required: [], optional: ['TWILIO_SECRET_ID', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_BASE_URL', 'TWILIO_MESSAGING_SERVICE_SID'] },
  textBack: { required: [], optional: ['TEXT_BACK_COOLDOWN_MINUTES', 'DAILY_SMS_CAP'] },
  sendLimits: { required: [], optional: ['DAILY_OWNER_SMS_CAP', 'AUTOMATED_TEXTS_PER_COUNTERPART'] },
};

/** Every section, for a caller that holds the whole configuration (the local service, the tests). */
export const CONFIG_SECTIONS = Object.keys(SECTION_VARIABLES) as ConfigSectionName[];
