/**
 * Which configuration sections each function reads (shared/config.ts reads them; lib/ gives each function exactly
 * these environment variables). Dependency-free, so the stack and the runtime share one list.
 */
// One const per function, so a function's bundle carries its own list and not every function's.
export const VOICE_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'webhook',
  'metrics',
  'twilio',
  'calls',
] as const;
export const STATUS_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'webhook',
  'metrics',
  'twilio',
  'textBack',
  'sendLimits',
  'calls',
  'redelivery',
  'crmEvents',
] as const;
export const SMS_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'webhook',
  'metrics',
  'twilio',
  'textBack',
  'sendLimits',
  'signupFunction',
  'redelivery',
  'calls',
  'crmEvents',
] as const;

/** A redelivery queue's consumer runs its webhook's use case: the same sections, less the public URL (nothing to sign). */
function withoutWebhook<Section extends string>(sections: readonly Section[]): Exclude<Section, 'webhook'>[] {
  return sections.filter((section): section is Exclude<Section, 'webhook'> => section !== 'webhook');
}

export const STATUS_REDELIVERY_SECTIONS = /* @__PURE__ */ withoutWebhook(STATUS_SECTIONS);
export const SMS_REDELIVERY_SECTIONS = /* @__PURE__ */ withoutWebhook(SMS_SECTIONS);
export const WAITLIST_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'metrics',
  'twilio',
  'signup',
] as const;
/** The sign-up conversation (invoked by the SMS function and its consumer): no webhook, its replies settled on the SMS queue. */
export const SIGNUP_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'metrics',
  'twilio',
  'signup',
  'redelivery',
] as const;
export const AUDIT_SECTIONS = ['directory', 'dynamodb', 'numbers', 'metrics'] as const;
/** Issue 19 §5: the CRM delivery function reads webhooks in the directory and delays failed events on its queue. */
export const CRM_SECTIONS = ['directory', 'dynamodb', 'metrics', 'crmEvents'] as const;
export const OWNER_TEXTS_SECTIONS = [
  'directory',
  'activity',
  'dynamodb',
  'numbers',
  'metrics',
  'twilio',
  'textBack',
  'sendLimits',
  'ownerTexts',
] as const;

export const FUNCTION_SETTINGS = {
  voice: VOICE_SECTIONS,
  status: STATUS_SECTIONS,
  sms: SMS_SECTIONS,
  statusRedelivery: STATUS_REDELIVERY_SECTIONS,
  smsRedelivery: SMS_REDELIVERY_SECTIONS,
  waitlist: WAITLIST_SECTIONS,
  audit: AUDIT_SECTIONS,
  crm: CRM_SECTIONS,
  signup: SIGNUP_SECTIONS,
  ownerTexts: OWNER_TEXTS_SECTIONS,
} as const;

export type FunctionName = keyof typeof FUNCTION_SETTINGS;
export type ConfigSectionName = (typeof FUNCTION_SETTINGS)[FunctionName][number];

/** The environment variables behind each section; optional ones (defaults, local-only) are marked. */
export const SECTION_VARIABLES: Record<
  ConfigSectionName,
  { required: readonly string[]; optional: readonly string[] }
> = {
  directory: { required: ['DIRECTORY_TABLE'], optional: [] },
  activity: { required: ['ACTIVITY_TABLE'], optional: [] },
  dynamodb: { required: [], optional: ['DYNAMODB_ENDPOINT'] },
  numbers: { required: ['ONBOARDING_NUMBER'], optional: [] },
  webhook: { required: ['PUBLIC_BASE_URL'], optional: [] },
  metrics: { required: ['METRICS_NAMESPACE'], optional: [] },
  twilio: {
    required: [],
    optional: [
      'TWILIO_SECRET_ID',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_API_BASE_URL',
      'TWILIO_MESSAGING_SERVICE_SID',
      'TWILIO_API_TIMEOUT_MS',
    ],
  },
  textBack: { required: [], optional: ['TEXT_BACK_COOLDOWN_MINUTES', 'DAILY_SMS_CAP', 'EMERGENCY_KEYWORD_SETS'] },
  sendLimits: { required: [], optional: ['DAILY_OWNER_SMS_CAP', 'AUTOMATED_TEXTS_PER_COUNTERPART'] },
  signup: {
    required: [],
    optional: [
      'SIGNUP_ASSIGNMENTS_PER_HOUR',
      'SIGNUP_APPROVAL_REQUIRED',
      'SIGNUP_REPLIES_PER_DAY',
      'ONBOARDING_DAILY_SMS_CAP',
      'NUMBER_QUARANTINE_DAYS',
    ],
  },
  signupFunction: { required: ['SIGNUP_FUNCTION_NAME'], optional: [] },
  redelivery: { required: ['REDELIVERY_QUEUE_URL'], optional: ['REDELIVERY_BASE_DELAY_SECONDS'] },
  crmEvents: { required: ['CRM_EVENTS_QUEUE_URL'], optional: [] },
  ownerTexts: { required: [], optional: ['REVIEW_HOURS', 'OWNER_TEXTS_PER_RUN'] },
  calls: {
    required: [],
    optional: [
      'RING_SECONDS',
      'RECORDINGS_PUBLIC',
      'RING_DIALS_PER_HOUR',
      'RING_DIALS_PER_CALLER',
      'VOICEMAILS_PER_CALLER',
    ],
  },
};

/**
 * Every section, for a caller that holds the whole configuration (the local service, the tests). Marked pure so a
 * function's bundle, which never reads it, does not carry this table.
 */
export const CONFIG_SECTIONS = /* @__PURE__ */ Object.keys(SECTION_VARIABLES) as ConfigSectionName[];
