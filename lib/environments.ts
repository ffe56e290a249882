import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const ENVIRONMENT_NAMES = ['staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** Gradual traffic shifting for a new function version; all-at-once is deliberately not offered. */
export type RolloutStrategy =
  | 'CANARY_10PERCENT_5MINUTES'
  | 'CANARY_10PERCENT_10MINUTES'
  | 'CANARY_10PERCENT_15MINUTES'
  | 'LINEAR_10PERCENT_EVERY_1MINUTE'
  | 'LINEAR_10PERCENT_EVERY_2MINUTES';

/** Requests per second (steady) and burst, as API Gateway's token bucket takes them. */
export interface ThrottleSettings {
  rateLimit: number;
  burstLimit: number;
}

/** The webhook routes, `POST /twilio/<route>`. */
export type WebhookRouteName = 'voice' | 'status' | 'sms';

/** Who is paged. At least one of the two. */
export interface OnCallSettings {
  /** Each address gets an SNS email subscription (confirmed by clicking the link AWS sends). */
  emails: string[];
  /** An existing SNS topic to page through (PagerDuty, Opsgenie, Chatbot...); used instead of a topic this stack creates. */
  topicArn?: string;
}

/** A custom domain for the webhooks; Twilio then calls `https://<domainName>/twilio/...`. */
export interface CustomDomainSettings {
  domainName: string;
  /** An ACM certificate for domainName in the stack's region (regional endpoint). */
  certificateArn: string;
  /** When given, an alias record for domainName is created in this Route 53 zone; otherwise point DNS at the output by hand. */
  hostedZone?: { id: string; name: string };
}

/** Paging thresholds. Invariant metrics are not here: any one of those in a minute pages, in every environment. */
export interface AlarmThresholds {
  /** webhook.signature_rejected per 5 minutes: a few are background noise from scanners, a spike means a wrong URL or token. */
  signatureRejectedPer5Minutes: number;
  /** sms.send_failed per 5 minutes. */
  smsSendFailedPer5Minutes: number;
  /** Texts refused by the destination policy: a landline caller now and then is normal, a burst is a pumping attempt. */
  destinationBlockedPer5Minutes: number;
  /** voice.resolution_failed per 5 minutes. */
  resolutionFailedPer5Minutes: number;
  /** sms.store_failed per 5 minutes. */
  smsStoreFailedPer5Minutes: number;
  /** webhook.unhandled_error per minute (also rolls a deployment back). */
  unhandledErrorsPerMinute: number;
  /** onboarding.pool_exhausted per 5 minutes. */
  poolExhaustedPer5Minutes: number;
  /** onboarding.rate_limited per 5 minutes: sign-ups over SIGNUP_ASSIGNMENTS_PER_HOUR. */
  signupRateLimitedPer5Minutes: number;
  /** Lambda Errors of one function per minute (also rolls a deployment back). */
  lambdaErrorsPerMinute: number;
  /** Lambda Throttles of one function per 5 minutes. */
  lambdaThrottlesPer5Minutes: number;
  /** API Gateway 5XXError per 5 minutes. */
  api5xxPer5Minutes: number;
  /** API Gateway p99 latency over 5 minutes; Twilio gives up on a webhook after 15 seconds. */
  apiLatencyP99: Duration;
}

export interface EnvironmentSettings {
  name: EnvironmentName;
  /** Unset: the account of the credentials `cdk deploy` runs with. */
  account?: string;
  region: string;
  /** E.164. The number new owners call or text to sign up; resolution's fallback step. */
  onboardingNumber: string;
  /** Secrets Manager secret holding JSON {"accountSid","authToken"}; created by hand, never by the stack. */
  twilioSecretName: string;
  onCall: OnCallSettings;
  customDomain?: CustomDomainSettings;
  logRetention: RetentionDays;
  /** For the tables, log groups and the alarm topic's key. */
  removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection. */
  deletionProtection: boolean;
  /** API Gateway throttling for any method without its own setting (API Gateway applies it to each method separately). */
  throttling: ThrottleSettings;
  /**
   * API Gateway throttling per webhook route: each route is its own token bucket, so a flood of junk on one route
   * (answered 429 by API Gateway, never reaching a function) cannot use up the others.
   */
  routeThrottling: Record<WebhookRouteName, ThrottleSettings>;
  rollout: RolloutStrategy;
  alarms: AlarmThresholds;
  /** The text-back rules: one text-back per caller per business within the cooldown, and a daily SMS cap per business. */
  /** `emergencySets`: EMERGENCY_KEYWORD_SETS (issue 19), the emergency keyword sets by name (none: an empty list). */
  textBack: { cooldownMinutes: number; dailySmsCap: number; emergencySets: readonly string[] };
  /** Owner alerts per business per day (separate from dailySmsCap) and automated texts per counterpart per business per day. */
  sendLimits: { dailyOwnerSmsCap: number; automatedTextsPerCounterpart: number };
  /** A Twilio Messaging Service (MG...) used on every send, with From: US A2P 10DLC needs one. Optional. */
  twilioMessagingServiceSid?: string;
  /**
   * Sign-up limits: numbers assigned per hour, whether an operator approves each sign-up (`admin signups approve`),
   * replies per sender per day, the onboarding number's own daily SMS cap, and the days a released number rests before
   * it goes back to the pool (0: none).
   */
  signup: {
    assignmentsPerHour: number;
    approvalRequired: boolean;
    repliesPerDay: number;
    onboardingDailySmsCap: number;
    numberQuarantineDays: number;
  };
  /**
   * Durable redelivery of status and SMS webhooks that could not finish: the first retry after `baseDelaySeconds`,
   * doubling (at most 15 minutes), `maxReceiveCount` attempts before the dead-letter queue, and at most
   * `consumerConcurrency` consumers per queue so a backlog cannot outrun Twilio's API concurrency.
   */
  redelivery: { baseDelaySeconds: number; maxReceiveCount: number; consumerConcurrency: number };
  /**
   * Issue 12: how long `ring` mode rings the owner (RING_SECONDS), and whether the account's recordings are public
   * media (RECORDINGS_PUBLIC; Twilio's default is HTTP auth on media, so false: links stay out of texts).
   */
  calls: {
    ringSeconds: number;
    recordingsPublic: boolean;
    /** Issue 17: ring mode's dial budgets (RING_DIALS_PER_HOUR, RING_DIALS_PER_CALLER) and VOICEMAILS_PER_CALLER. */
    dialsPerOwnerPerHour: number;
    dialsPerCallerPerDay: number;
    voicemailsPerCallerPerDay: number;
  };
  /**
   * Country calling codes (digits, no `+`) whose numbering plans the functions carry, with number types: full
   * validation and a type for those numbers, and (later) the only destinations texted. A number from anywhere else is
   * still stored, logged masked and forwarded, marked not served. Each code adds its plans' metadata to every bundle.
   */
  servedCallingCodes: readonly string[];
}

/** UK (with GG, IM, JE), Ireland, NANP (US, CA and the Caribbean), Australia (with CC, CX). */
/** Issue 19: every emergency keyword set of shared/domain/emergency/emergency-keywords.json (EMERGENCY_KEYWORD_SETS). */
export const EMERGENCY_KEYWORD_SETS: readonly string[] = [
  'gas',
  'carbon-monoxide',
  'flooding',
  'electrical',
  'no-heat',
];

export const DEFAULT_SERVED_CALLING_CODES: readonly string[] = ['44', '353', '1', '61'];

/**
 * Every per-environment setting, in one place. As shipped, the onboarding numbers (Ofcom's drama range
 * 020 7946 0xxx) and the example.com addresses are placeholders: `cdk synth`/`cdk deploy -c env=<name>` refuses them
 * (lib/placeholder-settings.ts names each one) until they are replaced with the operator's own. CI synthesizes them
 * as they are with `-c config=example`, which CloudFormation refuses to deploy (lib/example-configuration.ts).
 */
export const ENVIRONMENTS: Record<EnvironmentName, EnvironmentSettings> = {
  staging: {
    name: 'staging',
    region: 'eu-west-2',
    onboardingNumber: '+442079460001',
    twilioSecretName: 'missed-call-textback/staging/twilio',
    onCall: { emails: ['oncall-staging@example.com'] },
    logRetention: RetentionDays.TWO_WEEKS,
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    throttling: { rateLimit: 10, burstLimit: 20 },
    routeThrottling: {
      voice: { rateLimit: 5, burstLimit: 10 },
      status: { rateLimit: 5, burstLimit: 10 },
      sms: { rateLimit: 5, burstLimit: 10 },
    },
    rollout: 'LINEAR_10PERCENT_EVERY_1MINUTE',
    textBack: { cooldownMinutes: 30, dailySmsCap: 50, emergencySets: EMERGENCY_KEYWORD_SETS },
    sendLimits: { dailyOwnerSmsCap: 100, automatedTextsPerCounterpart: 3 },
    // Open, as locally: staging is where sign-up is tried end to end.
    signup: {
      assignmentsPerHour: 20,
      approvalRequired: false,
      repliesPerDay: 20,
      onboardingDailySmsCap: 1000,
      numberQuarantineDays: 30,
    },
    redelivery: { baseDelaySeconds: 30, maxReceiveCount: 6, consumerConcurrency: 1 },
    calls: {
      ringSeconds: 20,
      recordingsPublic: false,
      dialsPerOwnerPerHour: 30,
      dialsPerCallerPerDay: 5,
      voicemailsPerCallerPerDay: 3,
    },
    servedCallingCodes: DEFAULT_SERVED_CALLING_CODES,
    alarms: {
      signatureRejectedPer5Minutes: 10,
      smsSendFailedPer5Minutes: 1,
      destinationBlockedPer5Minutes: 10,
      resolutionFailedPer5Minutes: 1,
      smsStoreFailedPer5Minutes: 1,
      unhandledErrorsPerMinute: 1,
      poolExhaustedPer5Minutes: 1,
      signupRateLimitedPer5Minutes: 1,
      lambdaErrorsPerMinute: 1,
      lambdaThrottlesPer5Minutes: 1,
      api5xxPer5Minutes: 1,
      apiLatencyP99: Duration.seconds(10),
    },
  },
  prod: {
    name: 'prod',
    region: 'eu-west-2',
    onboardingNumber: '+442079460002',
    twilioSecretName: 'missed-call-textback/prod/twilio',
    onCall: { emails: ['oncall@example.com'] },
    logRetention: RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    textBack: { cooldownMinutes: 30, dailySmsCap: 200, emergencySets: EMERGENCY_KEYWORD_SETS },
    sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3 },
    // Every sign-up is approved by an operator before it gets a number.
    signup: {
      assignmentsPerHour: 20,
      approvalRequired: true,
      repliesPerDay: 20,
      onboardingDailySmsCap: 1000,
      numberQuarantineDays: 30,
    },
    redelivery: { baseDelaySeconds: 30, maxReceiveCount: 6, consumerConcurrency: 2 },
    calls: {
      ringSeconds: 20,
      recordingsPublic: false,
      dialsPerOwnerPerHour: 30,
      dialsPerCallerPerDay: 5,
      voicemailsPerCallerPerDay: 3,
    },
    servedCallingCodes: DEFAULT_SERVED_CALLING_CODES,
    throttling: { rateLimit: 50, burstLimit: 100 },
    // One voice webhook and one status callback per call, one SMS webhook per text: 20 a second is about 70,000 calls
    // an hour on one route, far above the pool's traffic; a flood past it gets 429 on that route alone.
    routeThrottling: {
      voice: { rateLimit: 20, burstLimit: 40 },
      status: { rateLimit: 20, burstLimit: 40 },
      sms: { rateLimit: 20, burstLimit: 40 },
    },
    rollout: 'CANARY_10PERCENT_5MINUTES',
    alarms: {
      signatureRejectedPer5Minutes: 20,
      smsSendFailedPer5Minutes: 3,
      destinationBlockedPer5Minutes: 20,
      resolutionFailedPer5Minutes: 1,
      smsStoreFailedPer5Minutes: 1,
      unhandledErrorsPerMinute: 1,
      poolExhaustedPer5Minutes: 1,
      signupRateLimitedPer5Minutes: 1,
      lambdaErrorsPerMinute: 1,
      lambdaThrottlesPer5Minutes: 1,
      api5xxPer5Minutes: 3,
      apiLatencyP99: Duration.seconds(10),
    },
  },
};

export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENT_NAMES as readonly string[]).includes(value);
}

/** The stack's name, and the prefix of its alarms and dashboard. */
export function stackName(environment: EnvironmentName): string {
  return `MissedCallTextBack-${environment}`;
}
