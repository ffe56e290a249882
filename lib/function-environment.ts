import { FUNCTION_SETTINGS, type ConfigSectionName, type FunctionName } from '../shared/function-settings';
import type { DataTables } from './data-tables';
import type { EnvironmentSettings } from './environments';
import type { RedeliveryQueues } from './redelivery-queues';

export interface FunctionEnvironmentSources {
  settings: EnvironmentSettings;
  tables: DataTables;
  publicBaseUrl: string;
  namespace: string;
  /** Each function's redelivery queue: the webhook that fills it and the consumer that drains it. */
  queueOf: Partial<Record<FunctionName, RedeliveryQueues>>;
  /** Issue 19 §5: the CRM queue the webhooks publish job events to and the CRM function consumes. */
  crmQueue: RedeliveryQueues;
  /** The sign-up function's name, for the functions that invoke it (a token resolved at synth). */
  signupFunctionName: string;
}

/**
 * The exact contract of shared/config.ts, by section; each function gets only the sections it reads
 * (shared/function-settings.ts). The auth token is never here: only the secret's name.
 */
export function functionEnvironment(sources: FunctionEnvironmentSources): (fn: FunctionName) => Record<string, string> {
  const { settings, tables } = sources;
  const sectionVariables: Record<Exclude<ConfigSectionName, 'redelivery'>, Record<string, string>> = {
    directory: { DIRECTORY_TABLE: tables.directory.tableName },
    activity: { ACTIVITY_TABLE: tables.activity.tableName },
    dynamodb: {},
    numbers: { ONBOARDING_NUMBER: settings.onboardingNumber },
    webhook: { PUBLIC_BASE_URL: sources.publicBaseUrl },
    metrics: { METRICS_NAMESPACE: sources.namespace },
    twilio: {
      TWILIO_SECRET_ID: settings.twilioSecretName,
      ...(settings.twilioMessagingServiceSid
        ? { TWILIO_MESSAGING_SERVICE_SID: settings.twilioMessagingServiceSid }
        : {}),
    },
    textBack: {
      TEXT_BACK_COOLDOWN_MINUTES: String(settings.textBack.cooldownMinutes),
      DAILY_SMS_CAP: String(settings.textBack.dailySmsCap),
      EMERGENCY_KEYWORD_SETS: settings.textBack.emergencySets.length
        ? settings.textBack.emergencySets.join(',')
        : 'none',
    },
    sendLimits: {
      DAILY_OWNER_SMS_CAP: String(settings.sendLimits.dailyOwnerSmsCap),
      AUTOMATED_TEXTS_PER_COUNTERPART: String(settings.sendLimits.automatedTextsPerCounterpart),
    },
    signup: {
      SIGNUP_ASSIGNMENTS_PER_HOUR: String(settings.signup.assignmentsPerHour),
      SIGNUP_APPROVAL_REQUIRED: String(settings.signup.approvalRequired),
      SIGNUP_REPLIES_PER_DAY: String(settings.signup.repliesPerDay),
      ONBOARDING_DAILY_SMS_CAP: String(settings.signup.onboardingDailySmsCap),
      NUMBER_QUARANTINE_DAYS: String(settings.signup.numberQuarantineDays),
    },
    crmEvents: { CRM_EVENTS_QUEUE_URL: sources.crmQueue.queue.queueUrl },
    signupFunction: { SIGNUP_FUNCTION_NAME: sources.signupFunctionName },
    // Issue 19: REVIEW_HOURS and OWNER_TEXTS_PER_RUN keep their defaults when deployed (docs/configuration.md).
    ownerTexts: {},
    calls: {
      RING_SECONDS: String(settings.calls.ringSeconds),
      RECORDINGS_PUBLIC: String(settings.calls.recordingsPublic),
      RING_DIALS_PER_HOUR: String(settings.calls.dialsPerOwnerPerHour),
      RING_DIALS_PER_CALLER: String(settings.calls.dialsPerCallerPerDay),
      VOICEMAILS_PER_CALLER: String(settings.calls.voicemailsPerCallerPerDay),
    },
  };
  return (fn) => {
    const queue = sources.queueOf[fn];
    const redeliveryVariables = queue
      ? {
          REDELIVERY_QUEUE_URL: queue.queue.queueUrl,
          REDELIVERY_BASE_DELAY_SECONDS: String(settings.redelivery.baseDelaySeconds),
        }
      : {};
    return Object.assign(
      {},
      ...FUNCTION_SETTINGS[fn].map((section) =>
        section === 'redelivery' ? redeliveryVariables : sectionVariables[section],
      ),
    );
  };
}
