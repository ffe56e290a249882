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
  /** API stage throttling, for all routes together. */
  throttling: { rateLimit: number; burstLimit: number };
  rollout: RolloutStrategy;
  alarms: AlarmThresholds;
  /** The text-back rules: one text-back per caller per business within the cooldown, and a daily SMS cap per business. */
  textBack: { cooldownMinutes: number; dailySmsCap: number };
  /** Owner alerts per business per day (separate from dailySmsCap) and automated texts per counterpart per business per day. */
  sendLimits: { dailyOwnerSmsCap: number; automatedTextsPerCounterpart: number };
  /** A Twilio Messaging Service (MG...) used on every send, with From: US A2P 10DLC needs one. Optional. */
  twilioMessagingServiceSid?: string;
  /**
   * Country calling codes (digits, no `+`) whose numbering plans the functions carry, with number types: full
   * validation and a type for those numbers, and (later) the only destinations texted. A number from anywhere else is
   * still stored, logged masked and forwarded, marked not served. Each code adds its plans' metadata to every bundle.
   */
  servedCallingCodes: readonly string[];
}

/** UK (with GG, IM, JE), Ireland, NANP (US, CA and the Caribbean), Australia (with CC, CX). */
export const DEFAULT_SERVED_CALLING_CODES: readonly string[] = ['44', '353', '1', '61'];

/**
 * Every per-environment setting, in one place. The onboarding numbers (Ofcom's fictional 020 7946 0xxx range) and
 * the example.com addresses are placeholders: replace them before the first deploy (README, Deploying to AWS).
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
    rollout: 'LINEAR_10PERCENT_EVERY_1MINUTE',
    textBack: { cooldownMinutes: 30, dailySmsCap: 50 },
    sendLimits: { dailyOwnerSmsCap: 100, automatedTextsPerCounterpart: 3 },
    servedCallingCodes: DEFAULT_SERVED_CALLING_CODES,
    alarms: {
      signatureRejectedPer5Minutes: 10,
      smsSendFailedPer5Minutes: 1,
      destinationBlockedPer5Minutes: 10,
      resolutionFailedPer5Minutes: 1,
      smsStoreFailedPer5Minutes: 1,
      unhandledErrorsPerMinute: 1,
      poolExhaustedPer5Minutes: 1,
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
    textBack: { cooldownMinutes: 30, dailySmsCap: 200 },
    sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3 },
    servedCallingCodes: DEFAULT_SERVED_CALLING_CODES,
    throttling: { rateLimit: 50, burstLimit: 100 },
    rollout: 'CANARY_10PERCENT_5MINUTES',
    alarms: {
      signatureRejectedPer5Minutes: 20,
      smsSendFailedPer5Minutes: 3,
      destinationBlockedPer5Minutes: 20,
      resolutionFailedPer5Minutes: 1,
      smsStoreFailedPer5Minutes: 1,
      unhandledErrorsPerMinute: 1,
      poolExhaustedPer5Minutes: 1,
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
