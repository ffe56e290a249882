import { DEFAULT_CALL_BUDGETS, type CallRules, type ServiceConfig } from '../shared/config';
import { DEFAULT_OWNER_TEXTS_RULES, type OwnerTextsRules } from '../shared/domain/after-job/owner-texts-run';
import type { SendLimits } from '../shared/domain/sending/send-limits';
import { DEFAULT_SIGNUP_RULES, type SignupRules } from '../shared/domain/signup/signup-rules';
import type { LogWriter } from '../shared/adapters/logging/json-logger';
import type { Seed } from './seed';

export interface LocalServiceOptions {
  /** HTTP port of the webhooks; 0 picks a free one. */
  port: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). `0.0.0.0` or `::` open it to the network. */
  host?: string;
  /** Defaults to http://localhost:<port>. Signatures are checked against it plus the route. */
  publicBaseUrl?: string;
  authToken: string;
  accountSid: string;
  seed: Seed;
  /** Port of the embedded DynamoDB; 0 picks a free one. */
  dynamodbPort: number;
  /** Where the functions' JSON logs go; defaults to stdout. */
  logWriter?: LogWriter;
  /** Largest request body accepted; Twilio's webhooks are a few KB. */
  maxBodyBytes?: number;
  textBackCooldownMinutes?: number;
  dailySmsCap?: number;
  /** EMERGENCY_KEYWORD_SETS (issue 19): the emergency keyword sets; all by default. */
  emergencySets?: readonly string[];
  /** DAILY_OWNER_SMS_CAP and AUTOMATED_TEXTS_PER_COUNTERPART; defaults 500 and 3. */
  sendLimits?: Partial<SendLimits>;
  /** RING_SECONDS and RECORDINGS_PUBLIC (issue 12). */
  ringSeconds?: number;
  /** RING_DIALS_PER_HOUR, RING_DIALS_PER_CALLER, VOICEMAILS_PER_CALLER (issue 17). */
  callBudgets?: Partial<Pick<CallRules, 'dialsPerOwnerPerHour' | 'dialsPerCallerPerDay' | 'voicemailsPerCallerPerDay'>>;
  recordingsPublic?: boolean;
  /** Run the owner-texts job this often (issue 19: held review requests, Monday digests); off when unset. */
  ownerTextsIntervalMs?: number;
  /** REVIEW_HOURS and OWNER_TEXTS_PER_RUN (issue 19); defaults 08-21 and 500. */
  ownerTexts?: Partial<OwnerTextsRules>;
  /** Serve the sign-up waiting list this often, as the scheduled function does in the cloud; off when unset. */
  waitingListIntervalMs?: number;
  /** Sign-up limits; the defaults (no approval) otherwise. */
  signup?: Partial<SignupRules>;
  /** How often the redelivery consumers look at their queues (default 500 ms). */
  redeliveryIntervalMs?: number;
  /** REDELIVERY_BASE_DELAY_SECONDS: a queued webhook's first retry (default here 1 s, in the cloud 30 s). */
  redeliveryBaseDelaySeconds?: number;
  /** Which Twilio REST API the functions send through: the fake (default) or Twilio's real one (a real-phone trial). */
  twilioApi?: TwilioApiChoice;
  /** TWILIO_MESSAGING_SERVICE_SID and TWILIO_API_TIMEOUT_MS, as the deployed functions read them. */
  messagingServiceSid?: string;
  twilioApiTimeoutMs?: number;
  /** METRICS_NAMESPACE (default MissedCallTextBack/local). */
  metricsNamespace?: string;
  /** Where the seed came from, for the start-up banner. */
  seedFile?: string;
}

/**
 * The fake of Twilio's REST API, or Twilio's own (`npm start` with a real account's TWILIO_ACCOUNT_SID and
 * TWILIO_AUTH_TOKEN and a PUBLIC_BASE_URL): then every send is a real text. `baseUrl` moves the real-API path (tests).
 */
export type TwilioApiChoice = { kind: 'fake' } | { kind: 'real'; baseUrl?: string };

export const LOCAL_TABLES = { directoryTable: 'Directory', activityTable: 'Activity' } as const;

/** Where the local service's parts listen, known once they are started. */
export interface LocalAddresses {
  dynamoEndpoint: string;
  publicBaseUrl: string;
  twilioApiChoice: TwilioApiChoice;
  /** The fake Twilio REST API's base URL. */
  fakeApiBaseUrl: string;
}

/** The functions' configuration locally: the options given to `npm start`, with the defaults the cloud has. */
export function localServiceConfig(options: LocalServiceOptions, at: LocalAddresses): ServiceConfig {
  return {
    directory: { directoryTable: LOCAL_TABLES.directoryTable },
    activity: { activityTable: LOCAL_TABLES.activityTable },
    dynamodb: { endpoint: at.dynamoEndpoint },
    numbers: { onboardingNumber: options.seed.onboardingNumber },
    webhook: { publicBaseUrl: at.publicBaseUrl },
    metrics: { namespace: options.metricsNamespace ?? 'MissedCallTextBack/local' },
    twilio: {
      credentials: { kind: 'environment', accountSid: options.accountSid, authToken: options.authToken },
      // The real API: the adapters' own default (https://api.twilio.com) unless a test moves it.
      ...(at.twilioApiChoice.kind === 'fake'
        ? { apiBaseUrl: at.fakeApiBaseUrl }
        : at.twilioApiChoice.baseUrl
          ? { apiBaseUrl: at.twilioApiChoice.baseUrl }
          : {}),
      ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {}),
      ...(options.twilioApiTimeoutMs !== undefined ? { apiTimeoutMs: options.twilioApiTimeoutMs } : {}),
    },
    textBack: {
      cooldownMinutes: options.textBackCooldownMinutes ?? 30,
      dailySmsCap: options.dailySmsCap ?? 200,
      ...(options.emergencySets ? { emergencySets: options.emergencySets } : {}),
    },
    sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3, ...options.sendLimits },
    // Open by default (no operator approval), as in the cloud; SIGNUP_APPROVAL_REQUIRED=true holds sign-ups.
    signup: { ...DEFAULT_SIGNUP_RULES, ...options.signup },
    // The sign-up function's handler runs in process (local/local-functions.ts), standing in for Lambda Invoke.
    signupFunction: { functionName: 'in-process' },
    // The in-process queues stand in for SQS; retries start after a second here unless told otherwise.
    redelivery: { queueUrl: 'in-process', baseDelaySeconds: options.redeliveryBaseDelaySeconds ?? 1 },
    // Issue 19 §5: the CRM queue is in process too; the local receiver (/local/crm) is the one http destination.
    crmEvents: { queueUrl: 'in-process' },
    ownerTexts: { ...DEFAULT_OWNER_TEXTS_RULES, ...options.ownerTexts },
    calls: {
      ringSeconds: options.ringSeconds ?? 20,
      recordingsPublic: options.recordingsPublic ?? false,
      ...DEFAULT_CALL_BUDGETS,
      ...options.callBudgets,
    },
  };
}
